import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { resolveReservationOrderStep } from "./steps/resolve-reservation-order"
import { syncOrderLotsStep } from "../steps/sync-order-lots"

import type { SyncOrderLotsResult } from "../steps/sync-order-lots"

export type { SyncOrderLotsResult }

export type SyncOrderLotsInput = {
  /** The order whose reservations changed; or */
  order_id?: string | null
  /** a reservation that was created or deleted (its order is looked up, deleted ones too). */
  reservation_id?: string | null
  actor_id?: string | null
}

export const syncOrderLotsWorkflowId = "sync-order-lots"

/**
 * The order's lot allocations follow Medusa's reservations: run after
 * anything that changed them (an order edit confirmed, a claim or exchange
 * confirmed, reservations created or deleted by the admin or another app).
 * A hold reservation changed by hand is put back instead.
 */
export const syncOrderLotsWorkflow = createWorkflow(syncOrderLotsWorkflowId, (input: SyncOrderLotsInput) => {
  const target = resolveReservationOrderStep(input)
  const synced = when("sync-order-lots-of-order", target, (t) => !!t.order_id).then(() =>
    syncOrderLotsStep(transform({ target, input }, ({ target, input }) => ({ order_id: target.order_id!, actor_id: input.actor_id ?? null })))
  )
  when("settle-hold-changed-by-hand", target, (t) => !!t.hold_pair).then(() => {
    settleLotStockStep(transform({ target }, ({ target }) => ({ pairs: [target.hold_pair!], fill_shortfalls: false })))
  })
  const result = transform({ synced, target }, ({ synced, target }): SyncOrderLotsResult =>
    synced ?? { order_id: target.order_id ?? "", skipped: "no order", reserved_units: 0, released_units: 0, shortfall_units: 0, allocated: [] }
  )
  return new WorkflowResponse(result)
})
