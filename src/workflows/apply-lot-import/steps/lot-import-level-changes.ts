import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { addDays } from "../../../lib/calendar-date"
import { HOLD_EXTERNAL_ID } from "../../../lib/lot-hold"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { pairsToSettle } from "../../../read-models/lot-import-facts"
import type { PreparedLotImport } from "./prepare-lot-import-apply"
import type { LevelAdjustment } from "./adjust-lot-import-levels"

export const lotImportLevelChangesStepId = "lot-import-level-changes"

/**
 * What Medusa's levels must do, read from the import's ledger lines: a
 * receipt or a count moves the level by the units lot stock moved; an
 * opening balance moves nothing (the units were already counted). And the
 * pairs the settle step has work at (waiting lines, holds, blocked lots).
 */
export const lotImportLevelChangesStep = createStep(
  lotImportLevelChangesStepId,
  async (input: PreparedLotImport, { container }) => {
    const service = lotService(container)
    const changes = input.mode === "opening_balance" ? [] : await service.lotImportStockChanges(input.import_id)
    const adjustments: LevelAdjustment[] = changes
      .filter((c) => c.units !== 0)
      .map((c) => ({ inventory_item_id: c.inventory_item_id, location_id: c.location_id, adjustment: c.units }))
    // Lots expiring before the horizon may be blocked (expired; short shelf life when the option holds those).
    const [options, today, policies] = await Promise.all([service.getOptions(), service.today(), service.resolvePolicies(input.inventory_item_ids)])
    const shelf = options.hold_short_shelf_life ? Math.max(0, ...[...policies.values()].map((p) => p.min_shelf_life_days ?? 0)) : 0
    const settle = await pairsToSettle(
      container,
      input.pairs.map(({ inventory_item_id, location_id }) => ({ inventory_item_id, location_id })),
      { horizon: addDays(today, shelf), hold_external_id: HOLD_EXTERNAL_ID }
    )
    return new StepResponse({ adjustments, settle_pairs: settle })
  }
)
