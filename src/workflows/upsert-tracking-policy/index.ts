import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { upsertPolicyStep } from "./steps/upsert-policy"
import { validateUntrackStep } from "./steps/validate-untrack"

export type UpsertTrackingPolicyInput = {
  inventory_item_id: string
  tracked?: boolean
  strategy?: "fefo" | "fifo" | null
  min_shelf_life_days?: number | null
  expiry_warning_days?: number | null
  require_expiry?: boolean | null
}

export const upsertTrackingPolicyWorkflowId = "upsert-tracking-policy"

/**
 * Sets how one inventory item is tracked; null fields follow the plugin
 * defaults. Turning tracking off is refused (409) while the item has lot
 * stock or open order allocations. The item's holds follow the new policy
 * (a longer minimum shelf life holds more when `hold_short_shelf_life` is on).
 */
export const upsertTrackingPolicyWorkflow = createWorkflow(
  upsertTrackingPolicyWorkflowId,
  (input: UpsertTrackingPolicyInput) => {
    validateUntrackStep(input)
    const policy = upsertPolicyStep(input)
    settleLotStockStep(transform({ input }, ({ input }) => ({ inventory_item_ids: [input.inventory_item_id] })))
    return new WorkflowResponse(policy)
  }
)
