import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { allocatedEvent, eventContext, LotEvents } from "../../lib/lot-events"
import { assignLineLotsStep } from "./steps/assign-line-lots"

export type AssignOrderLotsInput = {
  order_id: string
  line_item_id: string
  /** The lots to reserve; or, for a serialized item, `serial_numbers` (they decide the lots). */
  lots?: { lot_id: string; quantity: number }[]
  serial_numbers?: string[]
  actor_id?: string | null
}

export const assignOrderLotsWorkflowId = "assign-order-lots"

/** Staff override of the lots (or the serials) reserved for one order line, before fulfilment. */
export const assignOrderLotsWorkflow = createWorkflow(assignOrderLotsWorkflowId, (input: AssignOrderLotsInput) => {
  const result = assignLineLotsStep(input)
  // Emitted once the workflow succeeded: the lots the line now has reserved.
  const allocated = transform({ result, input }, ({ result, input }) =>
    allocatedEvent(input.order_id, result.allocated, eventContext(input.actor_id))
  )
  emitEventStep({ eventName: LotEvents.ALLOCATED, data: allocated }).config({ name: "emit-lot-allocated" })
  return new WorkflowResponse(result)
})
