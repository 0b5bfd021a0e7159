import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { restoreFulfillmentLotsStep } from "./steps/restore-fulfillment-lots"

export const restoreFulfillmentLotsWorkflowId = "restore-fulfillment-lots"

/** Flow 5 (fulfilment canceled). */
export const restoreFulfillmentLotsWorkflow = createWorkflow(
  restoreFulfillmentLotsWorkflowId,
  (input: { fulfillment_id: string; actor_id?: string | null }) => {
    const result = restoreFulfillmentLotsStep(input)
    return new WorkflowResponse(result)
  }
)
