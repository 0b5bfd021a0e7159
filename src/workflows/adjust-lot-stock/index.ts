import { adjustInventoryLevelsStep, emitEventStep } from "@medusajs/medusa/core-flows"
import { eventContext, LotEvents, stockEvents, type MovementLike } from "../../lib/lot-events"
import { lotEventRefsStep } from "../steps/lot-event-refs"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureInventoryLevelsStep } from "../steps/ensure-inventory-levels"
import { recordLotMovementsStep } from "../steps/record-lot-movements"
import { raiseLotHoldsStep, settleLotStockStep } from "../steps/settle-lot-stock"
import { setCountedLotStockStep } from "./steps/set-counted-lot-stock"
import { validateCountStep } from "./steps/validate-count"

export type AdjustLotStockInput = {
  lot_id: string
  location_id: string
  /** The counted quantity: lot stock is set to it. */
  quantity: number
  reason: string
  note?: string | null
  actor_id?: string | null
}

export const adjustLotStockWorkflowId = "adjust-lot-stock"

/**
 * Count (cycle count): lot stock becomes the counted quantity and Medusa's
 * level moves by the same difference. Every count is recorded, matching or
 * not, for the inventory accuracy KPI.
 */
export const adjustLotStockWorkflow = createWorkflow(adjustLotStockWorkflowId, (input: AdjustLotStockInput) => {
  const lot = validateCountStep(input)
  const count = setCountedLotStockStep(
    transform({ input }, ({ input }) => ({ lot_id: input.lot_id, location_id: input.location_id, counted: input.quantity }))
  )
  const level = transform({ lot, input, count }, ({ lot, input, count }) => ({
    keys: [{ inventory_item_id: lot.inventory_item_id, location_id: input.location_id }],
    adjustments: [{ inventory_item_id: lot.inventory_item_id, location_id: input.location_id, adjustment: count.delta }],
    changed: count.delta !== 0,
  }))
  ensureInventoryLevelsStep(level.keys)
  raiseLotHoldsStep({ pairs: level.keys })
  when("adjust-inventory-level-to-count", level, (l) => l.changed).then(() => {
    adjustInventoryLevelsStep(level.adjustments)
  })
  const movements = recordLotMovementsStep(
    transform({ lot, input, count }, ({ lot, input, count }) => [
      {
        lot_id: lot.id,
        inventory_item_id: lot.inventory_item_id,
        location_id: input.location_id,
        type: "adjusted",
        quantity: count.delta,
        reason: input.reason,
        note: input.note ?? null,
        actor_id: input.actor_id ?? null,
        metadata: { counted: count.counted, previous: count.previous },
      },
    ])
  )
  settleLotStockStep(transform({ level, input }, ({ level, input }) => ({ pairs: level.keys, actor_id: input.actor_id ?? null })))
  // Every count is an event (emitted once the workflow succeeded), matching or not: quantity is the difference.
  const refs = lotEventRefsStep(transform({ lot }, ({ lot }) => ({ lot_ids: [lot.id] })))
  const adjusted = transform({ input, movements, refs }, ({ input, movements, refs }) =>
    stockEvents(movements as MovementLike[], refs, eventContext(input.actor_id), { type: "adjusted" })
  )
  emitEventStep({ eventName: LotEvents.ADJUSTED, data: adjusted }).config({ name: "emit-lot-adjusted" })
  return new WorkflowResponse({ count, movements })
})
