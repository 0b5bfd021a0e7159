import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { eventContext, LotEvents, stockEvents, type MovementLike } from "../../lib/lot-events"
import { lotEventRefsStep } from "../steps/lot-event-refs"
import { applyLotStockChangesWorkflow, type LotStockMove } from "../apply-lot-stock-changes"
import type { AllocationOp } from "../../modules/lot_tracking/allocation-plan"
import type { StockOutRequest } from "../utils/stock-out-serials"
import { validateWriteOffStep } from "./steps/validate-write-off"

export const WRITE_OFF_REASONS = ["expired", "damaged", "recalled", "other"] as const
export type WriteOffReason = (typeof WRITE_OFF_REASONS)[number]

export type WriteOffLotStockInput = StockOutRequest & {
  lot_id: string
  location_id: string
  reason: WriteOffReason
  note?: string | null
  actor_id?: string | null
  reference_type?: string | null
  reference_id?: string | null
}

export const writeOffLotStockWorkflowId = "write-off-lot-stock"

/** Write off: units leave stock for good, with the reason kept for the expiration-loss KPI. */
export const writeOffLotStockWorkflow = createWorkflow(writeOffLotStockWorkflowId, (input: WriteOffLotStockInput) => {
  const lot = validateWriteOffStep(input)
  const moves = transform({ input, lot }, ({ input, lot }): LotStockMove[] => [
    {
      lot_id: lot.id,
      inventory_item_id: lot.inventory_item_id,
      location_id: input.location_id,
      quantity: -lot.quantity,
      type: "written_off",
      reason: input.reason,
      note: input.note ?? null,
      actor_id: input.actor_id ?? null,
      reference_type: input.reference_type ?? null,
      reference_id: input.reference_id ?? null,
    },
  ])
  const serialOps = transform({ input, lot }, ({ input, lot }): AllocationOp[] =>
    lot.serialized
      ? [
          {
            kind: "serial_stock_out" as const,
            lot_id: lot.id,
            location_id: input.location_id,
            serial_numbers: lot.serial_numbers,
            quantity: lot.quantity,
            reason: input.reason,
            reference_type: input.reference_type ?? null,
            reference_id: input.reference_id ?? null,
            actor_id: input.actor_id ?? null,
          },
        ]
      : []
  )
  const movements = applyLotStockChangesWorkflow.runAsStep({ input: { moves, serial_ops: serialOps } })
  // Emitted once the workflow succeeded; quantity: the units written off (positive).
  const refs = lotEventRefsStep(transform({ lot }, ({ lot }) => ({ lot_ids: [lot.id] })))
  const writtenOff = transform({ input, movements, refs }, ({ input, movements, refs }) =>
    stockEvents(movements as MovementLike[], refs, eventContext(input.actor_id), { type: "written_off", abs: true })
  )
  emitEventStep({ eventName: LotEvents.WRITTEN_OFF, data: writtenOff }).config({ name: "emit-lot-written-off" })
  return new WorkflowResponse(movements)
})
