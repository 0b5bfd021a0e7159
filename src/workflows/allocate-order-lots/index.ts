import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { allocateLotsStep } from "./steps/allocate-lots"
import { loadOrderReservationsStep } from "./steps/load-order-reservations"

export type AllocateOrderLotsInput = { order_id: string }

export const allocateOrderLotsWorkflowId = "allocate-order-lots"

/** Flow 3 (order placed): reserve lots by FEFO/FIFO where Medusa reserved the stock. */
export const allocateOrderLotsWorkflow = createWorkflow(allocateOrderLotsWorkflowId, (input: AllocateOrderLotsInput) => {
  const lines = loadOrderReservationsStep(input)
  const result = allocateLotsStep(transform({ input, lines }, ({ input, lines }) => ({ order_id: input.order_id, lines })))
  return new WorkflowResponse(result)
})
