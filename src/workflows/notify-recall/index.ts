import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sendRecallNoticesStep } from "./steps/send-recall-notices"

export type NotifyRecallInput = { recall_id: string }

export const notifyRecallWorkflowId = "notify-recall"

/** Sends the recall's notices to affected customers by email, each at most once (see the step). */
export const notifyRecallWorkflow = createWorkflow(notifyRecallWorkflowId, (input: NotifyRecallInput) => {
  const result = sendRecallNoticesStep({ recall_id: input.recall_id })
  return new WorkflowResponse(result)
})
