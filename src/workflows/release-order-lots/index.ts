import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { releaseOrderLotsStep } from "./steps/release-order-lots"

export const releaseOrderLotsWorkflowId = "release-order-lots"

/** Order canceled: the order's lot reservations are released and its shortfalls cleared. */
export const releaseOrderLotsWorkflow = createWorkflow(
  releaseOrderLotsWorkflowId,
  (input: { order_id: string; reason?: string; actor_id?: string | null }) => {
    const result = releaseOrderLotsStep(input)
    return new WorkflowResponse(result)
  }
)
