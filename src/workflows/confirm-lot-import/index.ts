import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { LotImportEvents } from "../../lib/lot-import-rows"
import { claimLotImportStep } from "./steps/claim-lot-import"

export type ConfirmLotImportInput = { import_id: string; actor_id?: string | null }

export const confirmLotImportWorkflowId = "confirm-lot-import"

/**
 * Confirm of a previewed import: the import becomes `running` and
 * `lot-import.confirmed` is emitted; a subscriber (on the worker, in a
 * cluster) runs `apply-lot-import` in the background.
 */
export const confirmLotImportWorkflow = createWorkflow(confirmLotImportWorkflowId, (input: ConfirmLotImportInput) => {
  const claimed = claimLotImportStep(input)
  emitEventStep({
    eventName: LotImportEvents.CONFIRMED,
    data: transform({ input }, ({ input }) => ({ id: input.import_id, actor_id: input.actor_id ?? null })),
  }).config({ name: "emit-lot-import-confirmed" })
  return new WorkflowResponse(claimed)
})
