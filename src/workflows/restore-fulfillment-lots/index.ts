import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { restoreFulfillmentLotsStep } from "./steps/restore-fulfillment-lots"

export const restoreFulfillmentLotsWorkflowId = "restore-fulfillment-lots"

/** Fulfilment canceled: the shipped lot units go back into stock, reserved for their lines again. */
export const restoreFulfillmentLotsWorkflow = createWorkflow(
  restoreFulfillmentLotsWorkflowId,
  (input: { fulfillment_id: string; actor_id?: string | null }) => {
    const result = restoreFulfillmentLotsStep(input)
    return new WorkflowResponse(result)
  }
)
