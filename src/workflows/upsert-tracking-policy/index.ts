import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { upsertPolicyStep } from "./steps/upsert-policy"

export type UpsertTrackingPolicyInput = {
  inventory_item_id: string
  tracked?: boolean
  strategy?: "fefo" | "fifo" | null
  min_shelf_life_days?: number | null
  expiry_warning_days?: number | null
  require_expiry?: boolean | null
}

export const upsertTrackingPolicyWorkflowId = "upsert-tracking-policy"

/** Sets how one inventory item is tracked; null fields follow the plugin defaults. */
export const upsertTrackingPolicyWorkflow = createWorkflow(
  upsertTrackingPolicyWorkflowId,
  (input: UpsertTrackingPolicyInput) => {
    const policy = upsertPolicyStep(input)
    return new WorkflowResponse(policy)
  }
)
