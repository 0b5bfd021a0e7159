import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { eventContext, RecallEvents, type RecallClosedEvent } from "../../lib/lot-events"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { closeRecallStep, type CloseRecallInput } from "./steps/close-recall"

export type { CloseRecallInput, RecallOutcome } from "./steps/close-recall"

export const closeRecallWorkflowId = "close-recall"

/**
 * Closes a recall with its outcome; the lots stay recalled (see the step), so
 * their units stay held back from sale. The holds are re-settled anyway, so
 * that what was written off or returned during the recall is reflected.
 */
export const closeRecallWorkflow = createWorkflow(closeRecallWorkflowId, (input: CloseRecallInput) => {
  const closed = closeRecallStep(input)
  settleLotStockStep(transform({ closed }, ({ closed }) => ({ lot_ids: closed.lot_ids, fill_shortfalls: false })))
  // Emitted once the workflow succeeded.
  const closedEvent = transform({ closed, input }, ({ closed, input }): RecallClosedEvent[] => [
    {
      ...eventContext(input.actor_id),
      recall_id: closed.id,
      reference: closed.reference,
      lot_ids: closed.lot_ids,
      outcome: closed.outcome as unknown as Record<string, unknown>,
    },
  ])
  emitEventStep({ eventName: RecallEvents.CLOSED, data: closedEvent }).config({ name: "emit-recall-closed" })
  return new WorkflowResponse(closed)
})
