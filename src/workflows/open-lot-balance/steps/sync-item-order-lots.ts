import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { syncItemOrderLots } from "../../utils/item-order-sync"
import { revertLotPlan } from "../../utils/lot-plan"

export const syncItemOrderLotsStepId = "sync-item-order-lots"

/** The reason on the `reserved` movements of lines that get lots from an opening balance. */
export const OPENING_BALANCE_REASON = "opening_balance"

export type { ItemOrderSync } from "../../utils/item-order-sync"

/**
 * The item's open orders, placed while it was not tracked, get lots now that
 * it is (`syncItemOrderLots`). Also run by create-lot when an item's first
 * lot made it tracked (reason `tracking_started`).
 */
export const syncItemOrderLotsStep = createStep(
  syncItemOrderLotsStepId,
  async (input: { inventory_item_id: string; actor_id?: string | null; reason?: string | null }, { container }) => {
    const { summary, undo } = await syncItemOrderLots(container, input.inventory_item_id, {
      actor_id: input.actor_id,
      reason: input.reason ?? OPENING_BALANCE_REASON,
    })
    return new StepResponse(summary, undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
