import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { eventContext, LotEvents, lotRefOf, type LotStatusChangedEvent } from "../../lib/lot-events"
import { lotEventRefsStep } from "../steps/lot-event-refs"
import { recordLotMovementsStep } from "../steps/record-lot-movements"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { changeLotStatusStep } from "./steps/change-lot-status"

export type SetLotStatusInput = {
  lot_id: string
  action: "quarantine" | "release"
  reason?: string | null
  actor_id?: string | null
}

export const setLotStatusWorkflowId = "set-lot-status"

/**
 * Quarantine blocks a lot from allocation and shipment at once; release makes
 * it active again. A recalled lot is not released here: its recall decides.
 * The ledger records the change (quantity 0) for the audit trail. Then the
 * lot's locations are settled: a quarantine holds its free units back from
 * sale at once; a release makes them sellable and first gives them to order
 * lines waiting for stock.
 */
export const setLotStatusWorkflow = createWorkflow(setLotStatusWorkflowId, (input: SetLotStatusInput) => {
  const change = transform({ input }, ({ input }) =>
    input.action === "quarantine"
      ? { lot_id: input.lot_id, to: "quarantined" as const, allowed_from: ["active" as const] }
      : { lot_id: input.lot_id, to: "active" as const, allowed_from: ["quarantined" as const] }
  )
  const lot = changeLotStatusStep(change)
  recordLotMovementsStep(
    transform({ input, lot }, ({ input, lot }) => [
      {
        lot_id: lot.id,
        inventory_item_id: lot.inventory_item_id,
        location_id: null,
        type: input.action === "quarantine" ? "quarantined" : "released_from_quarantine",
        quantity: 0,
        reason: input.reason ?? null,
        actor_id: input.actor_id ?? null,
      },
    ])
  )
  settleLotStockStep(
    transform({ input, lot }, ({ input, lot }) => ({
      lot_ids: [lot.id],
      fill_shortfalls: input.action === "release",
      actor_id: input.actor_id ?? null,
    }))
  )
  // Emitted once the workflow succeeded (a refused change emits nothing).
  const refs = lotEventRefsStep(transform({ lot }, ({ lot }) => ({ lot_ids: [lot.id] })))
  const statusChanged = transform({ input, lot, change, refs }, ({ input, lot, change, refs }): LotStatusChangedEvent[] => [
    {
      ...lotRefOf(refs, lot.id, lot.inventory_item_id),
      ...eventContext(input.actor_id),
      from: change.allowed_from[0],
      to: change.to,
      reason: input.reason ?? null,
    },
  ])
  emitEventStep({ eventName: LotEvents.STATUS_CHANGED, data: statusChanged }).config({ name: "emit-lot-status-changed" })
  return new WorkflowResponse(lot)
})
