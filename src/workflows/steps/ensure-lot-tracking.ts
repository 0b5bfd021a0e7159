import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../modules/lot_tracking/resolve"

export const ensureLotTrackingStepId = "ensure-lot-tracking"

/**
 * An item that gets its first lot becomes tracked: a policy row is created
 * (defaults from the plugin options) unless the merchant already set one.
 * Undone only for items with no lot left: two receipts racing for a new item
 * share the policy one of them created, and the one that fails must not
 * untrack the other's lots (this run's own lots are undone before this step).
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
    const service = lotService(container)
    const created = await service.listLotTrackingPolicies({ id: ids }, { select: ["id", "inventory_item_id"] })
    const withLots = new Set(
      (
        await service.listLots(
          { inventory_item_id: created.map((p) => p.inventory_item_id) },
          { select: ["inventory_item_id"] }
        )
      ).map((l) => l.inventory_item_id)
    )
    const unused = created.filter((p) => !withLots.has(p.inventory_item_id)).map((p) => p.id)
    if (unused.length) {
      await service.deleteLotTrackingPolicies(unused)
    }
  }
)
