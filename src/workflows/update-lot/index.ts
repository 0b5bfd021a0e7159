import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { updateLotAttributesStep } from "./steps/update-lot-attributes"

export type UpdateLotInput = {
  id: string
  update: {
    lot_number?: string
    manufactured_at?: string | null
    expires_at?: string | null
    best_before?: string | null
    supplier?: string | null
    /** The supplier's own batch code (unique per item and supplier); null clears it. */
    supplier_lot_code?: string | null
    origin?: string | null
    metadata?: Record<string, unknown> | null
  }
}

export const updateLotWorkflowId = "update-lot"

/**
 * Corrects a lot's attributes (a misread date or supplier); stock is untouched.
 * A corrected expiry date can block or unblock the lot, so its locations are
 * settled: the hold follows at once, and newly allocatable units go to order
 * lines waiting for stock.
 */
export const updateLotWorkflow = createWorkflow(updateLotWorkflowId, (input: UpdateLotInput) => {
  const lot = updateLotAttributesStep(input)
  settleLotStockStep(transform({ input }, ({ input }) => ({ lot_ids: [input.id] })))
  return new WorkflowResponse(lot)
})
