import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { closeRecallStep, type CloseRecallInput } from "./steps/close-recall"

export type { CloseRecallInput, RecallOutcome } from "./steps/close-recall"

export const closeRecallWorkflowId = "close-recall"

/** Closes a recall with its outcome; the lots stay recalled (see the step). */
export const closeRecallWorkflow = createWorkflow(closeRecallWorkflowId, (input: CloseRecallInput) => {
  const closed = closeRecallStep(input)
  return new WorkflowResponse(closed)
})
