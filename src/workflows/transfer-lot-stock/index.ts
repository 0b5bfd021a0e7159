import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { eventContext, LotEvents, putAwayEvents, transferEvents, type MovementLike } from "../../lib/lot-events"
import { lotEventRefsStep } from "../steps/lot-event-refs"
import { applyLotStockChangesWorkflow, type LotStockMove } from "../apply-lot-stock-changes"
import type { AllocationOp } from "../../modules/lot_tracking/allocation-plan"
import type { StockOutRequest } from "../utils/stock-out-serials"
import { validateTransferStep } from "./steps/validate-transfer"

export type TransferLotStockInput = StockOutRequest & {
  lot_id: string
  from_location_id: string
  to_location_id: string
  /** The shelf the units go to at the destination. */
  to_bin?: string | null
  note?: string | null
  actor_id?: string | null
}

export const transferLotStockWorkflowId = "transfer-lot-stock"

/** Transfer: available units leave one location and arrive at another, in lot stock and in Medusa's levels. */
export const transferLotStockWorkflow = createWorkflow(transferLotStockWorkflowId, (input: TransferLotStockInput) => {
  const lot = validateTransferStep(input)
  const moves = transform({ input, lot }, ({ input, lot }): LotStockMove[] => {
    const common = {
      lot_id: lot.id,
      inventory_item_id: lot.inventory_item_id,
      note: input.note ?? null,
      actor_id: input.actor_id ?? null,
      reference_type: "transfer",
      reference_id: `${input.from_location_id}>${input.to_location_id}`,
    }
    return [
      { ...common, location_id: input.from_location_id, quantity: -lot.quantity, type: "transferred_out" },
      {
        ...common,
        location_id: input.to_location_id,
        quantity: lot.quantity,
        type: "transferred_in",
        ...(input.to_bin ? { bin: input.to_bin } : {}),
      },
    ]
  })
  const serialOps = transform({ input, lot }, ({ input, lot }): AllocationOp[] =>
    lot.serialized
      ? [
          {
            kind: "serial_stock_out" as const,
            lot_id: lot.id,
            location_id: input.from_location_id,
            to_location_id: input.to_location_id,
            serial_numbers: lot.serial_numbers,
            quantity: lot.quantity,
            reference_type: "transfer",
            reference_id: `${input.from_location_id}>${input.to_location_id}`,
            actor_id: input.actor_id ?? null,
          },
        ]
      : []
  )
  const movements = applyLotStockChangesWorkflow.runAsStep({ input: { moves, serial_ops: serialOps } })
  // One event per transfer (emitted once the workflow succeeded), with both ledger lines.
  const refs = lotEventRefsStep(transform({ lot }, ({ lot }) => ({ lot_ids: [lot.id] })))
  const events = transform({ input, movements, refs }, ({ input, movements, refs }) => ({
    transferred: transferEvents(movements as MovementLike[], refs, eventContext(input.actor_id)),
    // Units already at the destination in another bin moved with the arrivals.
    put_away: putAwayEvents(movements as MovementLike[], refs, eventContext(input.actor_id)),
  }))
  emitEventStep({ eventName: LotEvents.TRANSFERRED, data: events.transferred }).config({ name: "emit-lot-transferred" })
  emitEventStep({ eventName: LotEvents.PUT_AWAY, data: events.put_away }).config({ name: "emit-lot-put-away" })
  return new WorkflowResponse(movements)
})
