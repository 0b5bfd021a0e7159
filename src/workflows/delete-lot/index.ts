import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteUnusedLotStep } from "./steps/delete-unused-lot"

export type DeleteLotInput = { id: string }

export const deleteLotWorkflowId = "delete-lot"

/** Removes a lot typed by mistake, only while nothing ever happened to it. */
export const deleteLotWorkflow = createWorkflow(deleteLotWorkflowId, (input: DeleteLotInput) => {
  const result = deleteUnusedLotStep(input.id)
  return new WorkflowResponse(result)
})
