import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
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
  return new WorkflowResponse(result)
})
