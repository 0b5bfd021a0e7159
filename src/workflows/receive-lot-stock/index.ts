import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyLotStockChangesWorkflow, type LotStockMove } from "../apply-lot-stock-changes"
import { validateReceiptStep } from "./steps/validate-receipt"

export type ReceiveLotStockInput = {
  lot_id: string
  location_id: string
  quantity: number
  note?: string | null
  allow_expired?: boolean
  actor_id?: string | null
}

export const receiveLotStockWorkflowId = "receive-lot-stock"

/** Receive more of an existing lot: lot stock and Medusa's inventory level go up together. */
export const receiveLotStockWorkflow = createWorkflow(receiveLotStockWorkflowId, (input: ReceiveLotStockInput) => {
  const lot = validateReceiptStep(input)
  const moves = transform({ input, lot }, ({ input, lot }): LotStockMove[] => [
    {
      lot_id: lot.id,
      inventory_item_id: lot.inventory_item_id,
      location_id: input.location_id,
      quantity: input.quantity,
      type: "received",
      note: input.note ?? null,
      actor_id: input.actor_id ?? null,
      metadata: input.allow_expired ? { allow_expired: true } : null,
    },
  ])
  const movements = applyLotStockChangesWorkflow.runAsStep({ input: { moves } })
  return new WorkflowResponse(movements)
})
