import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordAcknowledgementStep, type AcknowledgeRecallNoticeInput } from "./steps/record-acknowledgement"

export type { AcknowledgeRecallNoticeInput } from "./steps/record-acknowledgement"

export const acknowledgeRecallNoticeWorkflowId = "acknowledge-recall-notice"

/** A customer's answer to a recall notice (returned, destroyed, kept), from their link; see the step. */
export const acknowledgeRecallNoticeWorkflow = createWorkflow(acknowledgeRecallNoticeWorkflowId, (input: AcknowledgeRecallNoticeInput) => {
  const result = recordAcknowledgementStep(input)
  return new WorkflowResponse(result)
})
