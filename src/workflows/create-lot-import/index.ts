import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { previewLotImportStep, type PreviewLotImportInput } from "./steps/preview-lot-import"

export type CreateLotImportInput = PreviewLotImportInput
export { LOT_IMPORT_ERRORS_KEPT } from "./steps/preview-lot-import"

export const createLotImportWorkflowId = "create-lot-import"

/**
 * Upload of a CSV import (docs/IMPORT.md): the dry run, answered at once.
 * Records the import as a `preview` (row errors, summary, the resolved valid
 * rows) and changes no stock; `confirm-lot-import` applies it.
 */
export const createLotImportWorkflow = createWorkflow(createLotImportWorkflowId, (input: CreateLotImportInput) => {
  const created = previewLotImportStep(input)
  return new WorkflowResponse(created)
})
