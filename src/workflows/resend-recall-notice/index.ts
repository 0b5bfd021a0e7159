import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { resendRecallNoticeStep, type ResendRecallNoticeInput } from "./steps/resend-recall-notice"

export type { ResendRecallNoticeInput, ResendRecallNoticeResult } from "./steps/resend-recall-notice"

export const resendRecallNoticeWorkflowId = "resend-recall-notice"

/** Sends one notice of a recall again (a failed one, or a customer who lost the email); see the step. */
export const resendRecallNoticeWorkflow = createWorkflow(resendRecallNoticeWorkflowId, (input: ResendRecallNoticeInput) => {
  const result = resendRecallNoticeStep(input)
  return new WorkflowResponse(result)
})
