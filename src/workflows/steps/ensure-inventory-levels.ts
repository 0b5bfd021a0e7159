import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { withInventoryLock } from "../utils/lot-lock"

export type InventoryLevelKey = { inventory_item_id: string; location_id: string }

export const ensureInventoryLevelsStepId = "ensure-inventory-levels"

/**
 * Receiving a lot at a location the item was never stocked at needs a Medusa
 * inventory level there first; created levels are removed on compensation.
 */
export const ensureInventoryLevelsStep = createStep(
  ensureInventoryLevelsStepId,
  async (keys: InventoryLevelKey[], { container }) => {
    const unique = new Map(keys.map((k) => [`${k.inventory_item_id}:${k.location_id}`, k]))
    if (!unique.size) {
      return new StepResponse([], [])
    }
    const inventory = container.resolve(Modules.INVENTORY)
    // Under core's lock on the item (a core write), so two first receipts at one location create one level.
    const lockKeys = [...new Set(keys.map((k) => k.inventory_item_id))].sort()
    const created = await withInventoryLock(container, lockKeys, async () => {
      const existing = await inventory.listInventoryLevels(
        { inventory_item_id: lockKeys, location_id: [...new Set(keys.map((k) => k.location_id))] },
        { select: ["id", "inventory_item_id", "location_id"] }
      )
      for (const level of existing) {
        unique.delete(`${level.inventory_item_id}:${level.location_id}`)
      }
      if (!unique.size) {
        return []
      }
      return inventory.createInventoryLevels([...unique.values()].map((k) => ({ ...k, stocked_quantity: 0 })))
    })
    return new StepResponse(created, created.map((l) => l.id))
  },
  async (createdIds, { container }) => {
    if (!createdIds?.length) {
      return
    }
    await container.resolve(Modules.INVENTORY).deleteInventoryLevels(createdIds)
  }
)
