import { adjustInventoryLevelsStep } from "@medusajs/medusa/core-flows"
import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import type { AllocationOp } from "../../modules/lot_tracking/allocation-plan"
import { applySerialChangesStep } from "../steps/apply-serial-changes"
import { changeLotStockStep } from "../steps/change-lot-stock"
import { ensureInventoryLevelsStep } from "../steps/ensure-inventory-levels"
import { recordLotMovementsStep, type LotMovementInput } from "../steps/record-lot-movements"
import { raiseLotHoldsStep, settleLotStockStep } from "../steps/settle-lot-stock"
import { binChange } from "../../lib/opening-balance"
import type { StockRow } from "../../modules/lot_tracking/types"

/**
 * One signed change of a lot's stocked units at a location, with its ledger
 * line. `bin`: the shelf the units go to (receipts, a transfer's
 * destination); units of the lot already there in another bin move with
 * them, recorded as a `put_away` movement.
 */
export type LotStockMove = LotMovementInput & { location_id: string; bin?: string | null }

/** The ledger lines of the moves, plus a `put_away` line where a bin change moved units already on a shelf. */
export function movementsWithPutAways(moves: LotStockMove[], rows: StockRow[]): LotMovementInput[] {
  const binned = new Map<string, StockRow[]>()
  for (const r of rows) {
    if (r.previous !== undefined) {
      const k = `${r.lot_id}:${r.location_id}`
      binned.set(k, [...(binned.get(k) ?? []), r])
    }
  }
  const out: LotMovementInput[] = []
  for (const { bin, ...m } of moves) {
    out.push(m)
    if (bin === undefined) {
      continue
    }
    const row = binned.get(`${m.lot_id}:${m.location_id}`)?.shift()
    const change = row ? binChange(row.previous ?? null, bin) : null
    if (change?.put_away) {
      out.push({
        lot_id: m.lot_id,
        inventory_item_id: m.inventory_item_id,
        location_id: m.location_id,
        type: "put_away",
        quantity: 0,
        reference_type: m.reference_type ?? null,
        reference_id: m.reference_id ?? null,
        actor_id: m.actor_id ?? null,
        metadata: change.put_away,
      })
    }
  }
  return out
}

export type ApplyLotStockChangesInput = {
  moves: LotStockMove[]
  /** Serialized items: the units' serials (`serial_receive`, `serial_stock_out` operations). */
  serial_ops?: AllocationOp[]
  actor_id?: string | null
}

export const applyLotStockChangesWorkflowId = "apply-lot-stock-changes"

/**
 * The one path by which lot stock changes: lot stock (atomic, conditional),
 * Medusa's inventory level by the same amount (under core's inventory lock),
 * and the ledger, all compensated together. This is what keeps
 * sum(lot stock) == inventory level for tracked items. Then the pairs are
 * settled: waiting order lines get newly sellable units and the hold
 * reservation follows the blocked units, which keeps Medusa's available
 * quantity equal to the sellable units.
 */
export const applyLotStockChangesWorkflow = createWorkflow(
  applyLotStockChangesWorkflowId,
  (input: ApplyLotStockChangesInput) => {
    const plan = transform({ input }, ({ input }) => {
      const levels = new Map<string, { inventory_item_id: string; location_id: string; adjustment: number }>()
      for (const m of input.moves) {
        const key = `${m.inventory_item_id}:${m.location_id}`
        const level = levels.get(key) ?? { inventory_item_id: m.inventory_item_id, location_id: m.location_id, adjustment: 0 }
        level.adjustment += m.quantity
        levels.set(key, level)
      }
      const adjustments = [...levels.values()].filter((l) => l.adjustment !== 0)
      return {
        stock: input.moves.map((m) => ({
          lot_id: m.lot_id,
          location_id: m.location_id,
          stocked: m.quantity,
          ...(m.bin !== undefined ? { bin: m.bin } : {}),
        })),
        levelKeys: adjustments
          .filter((l) => l.adjustment > 0)
          .map(({ inventory_item_id, location_id }) => ({ inventory_item_id, location_id })),
        adjustments,
        hasAdjustments: adjustments.length > 0,
        pairs: [...levels.values()].map(({ inventory_item_id, location_id }) => ({ inventory_item_id, location_id })),
      }
    })

    const stockRows = changeLotStockStep(plan.stock)
    // The units' serials, in step with their lot stock (a taken or missing serial undoes the change).
    applySerialChangesStep(
      transform({ input }, ({ input }) => ({
        ops: input.serial_ops ?? [],
        inventory_item_ids: [...new Set(input.moves.map((m) => m.inventory_item_id))],
      }))
    )
    ensureInventoryLevelsStep(plan.levelKeys)
    // Units arriving in a blocked lot are held before Medusa counts them.
    raiseLotHoldsStep({ pairs: plan.pairs })
    when("adjust-inventory-levels-for-lots", plan, (p) => p.hasAdjustments).then(() => {
      adjustInventoryLevelsStep(plan.adjustments)
    })
    const movements = recordLotMovementsStep(
      transform({ input, stockRows }, ({ input, stockRows }) => movementsWithPutAways(input.moves, stockRows))
    )
    // Sellable arrivals go to waiting order lines; holds take their exact figure.
    settleLotStockStep(transform({ plan, input }, ({ plan, input }) => ({ pairs: plan.pairs, actor_id: input.actor_id ?? null })))

    return new WorkflowResponse(movements)
  }
)
