import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { restockReturnedLotsStep } from "./steps/restock-returned-lots"

export const restockReturnedLotsWorkflowId = "restock-returned-lots"

/** Flow 6 (return received). */
export const restockReturnedLotsWorkflow = createWorkflow(
  restockReturnedLotsWorkflowId,
  (input: { return_id: string; actor_id?: string | null }) => {
    const result = restockReturnedLotsStep(input)
    return new WorkflowResponse(result)
  }
)
