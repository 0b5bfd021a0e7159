import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateLotAttributesStep } from "./steps/update-lot-attributes"

export type UpdateLotInput = {
  id: string
  update: {
    lot_number?: string
    manufactured_at?: string | null
    expires_at?: string | null
    best_before?: string | null
    supplier?: string | null
    origin?: string | null
    metadata?: Record<string, unknown> | null
  }
}

export const updateLotWorkflowId = "update-lot"

/** Corrects a lot's attributes (a misread date or supplier); stock is untouched. */
export const updateLotWorkflow = createWorkflow(updateLotWorkflowId, (input: UpdateLotInput) => {
  const lot = updateLotAttributesStep(input)
  return new WorkflowResponse(lot)
})
