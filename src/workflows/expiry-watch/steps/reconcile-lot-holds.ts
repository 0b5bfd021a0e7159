import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { HOLD_EXTERNAL_ID } from "../../../lib/lot-hold"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { revertHolds, syncHolds, type HoldUndo } from "../../utils/lot-holds"

export const reconcileLotHoldsStepId = "reconcile-lot-holds"

/** Pairs per lock: bounds how long one batch keeps core's checkout of those items waiting. */
const BATCH = 50

/**
 * Once per merchant's day (and on demand): every hold is recomputed from lot
 * stock, so lots that expired at midnight are held back from sale, and holds
 * of items no longer tracked, or changed by hand, are put right. Pairs are
 * the tracked items' lot stock plus every existing hold.
 */
export const reconcileLotHoldsStep = createStep(
  reconcileLotHoldsStepId,
  async (_input: { run: true }, { container }) => {
    const tracked = await lotService(container).listTrackedStockPairs()
    const existing = await container
      .resolve(Modules.INVENTORY)
      // `external_id` is a column of reservation items, though not in the filter type.
      .listReservationItems({ external_id: HOLD_EXTERNAL_ID } as any, { select: ["inventory_item_id", "location_id"] })
    const pairs = [
      ...new Map(
        [...tracked, ...existing].map((p: { inventory_item_id: string; location_id: string }) => [
          `${p.inventory_item_id}:${p.location_id}`,
          { inventory_item_id: p.inventory_item_id, location_id: p.location_id },
        ])
      ).values(),
    ]
    const undo: HoldUndo[] = []
    try {
      for (let i = 0; i < pairs.length; i += BATCH) {
        undo.push(...(await syncHolds(container, pairs.slice(i, i + BATCH))))
      }
    } catch (e) {
      await revertHolds(container, undo)
      throw e
    }
    return new StepResponse({ pairs_checked: pairs.length, holds_changed: undo.length }, undo)
  },
  async (undo, { container }) => revertHolds(container, undo)
)
