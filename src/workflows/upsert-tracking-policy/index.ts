import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { upsertPolicyStep } from "./steps/upsert-policy"
import { validateSerializedStep } from "./steps/validate-serialized"
import { validateUntrackStep } from "./steps/validate-untrack"

export type UpsertTrackingPolicyInput = {
  inventory_item_id: string
  tracked?: boolean
  strategy?: "fefo" | "fifo" | null
  min_shelf_life_days?: number | null
  expiry_warning_days?: number | null
  require_expiry?: boolean | null
  serialized?: boolean
  serial_pattern?: string | null
  serial_capture?: "required" | "auto" | null
  serial_scope?: "item" | "global" | null
}

export const upsertTrackingPolicyWorkflowId = "upsert-tracking-policy"

/**
 * Sets how one inventory item is tracked; null fields follow the plugin
 * defaults. Turning tracking off is refused (409) while the item has lot
 * stock or open order allocations; turning serials on is refused while units
 * in stock have no serial, and off while serials are in stock. The item's holds follow the new policy
 * (a longer minimum shelf life holds more when `hold_short_shelf_life` is on).
 */
export const upsertTrackingPolicyWorkflow = createWorkflow(
  upsertTrackingPolicyWorkflowId,
  (input: UpsertTrackingPolicyInput) => {
    validateUntrackStep(input)
    validateSerializedStep(input)
    const policy = upsertPolicyStep(input)
    settleLotStockStep(transform({ input }, ({ input }) => ({ inventory_item_ids: [input.inventory_item_id] })))
    return new WorkflowResponse(policy)
  }
)
