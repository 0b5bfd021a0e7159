import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { syncOrderLotsStep } from "../steps/sync-order-lots"

export type AllocateOrderLotsInput = { order_id: string }

export const allocateOrderLotsWorkflowId = "allocate-order-lots"

/**
 * Order placed (by checkout, or a draft order converted): reserve lots by
 * FEFO/FIFO where Medusa reserved the stock, splitting a line across lots and
 * recording any shortfall. It is the order sync run on a new order, so the
 * same event twice allocates once ("already allocated"). The step publishes
 * `lot.allocated` when it reserved lots.
 */
export const allocateOrderLotsWorkflow = createWorkflow(allocateOrderLotsWorkflowId, (input: AllocateOrderLotsInput) => {
  const result = syncOrderLotsStep(input)
  return new WorkflowResponse(result)
})
