import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../modules/lot_tracking/resolve"

export const ensureLotTrackingStepId = "ensure-lot-tracking"

/**
 * An item that gets its first lot becomes tracked: a policy row is created
 * (defaults from the plugin options) unless the merchant already set one.
 */
export const ensureLotTrackingStep = createStep(
  ensureLotTrackingStepId,
  async (inventoryItemIds: string[], { container }) => {
    const created = await lotService(container).ensureTrackingPolicies(inventoryItemIds)
    return new StepResponse(created, created)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    await lotService(container).deleteLotTrackingPolicies(ids)
  }
)
