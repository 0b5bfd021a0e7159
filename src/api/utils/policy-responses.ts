import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { lotService } from "../../modules/lot_tracking/resolve"

/** The item's policy with plugin defaults filled in (`is_default` when the item never chose). */
export async function policyForResponse(container: MedusaContainer, inventoryItemId: string) {
  const policies = await lotService(container).resolvePolicies([inventoryItemId])
  return policies.get(inventoryItemId)!
}

/** As `policyForResponse`, 404 when the inventory item does not exist. */
export async function retrievePolicyForResponse(container: MedusaContainer, inventoryItemId: string) {
  const [item] = await container.resolve(Modules.INVENTORY).listInventoryItems({ id: inventoryItemId }, { select: ["id"] })
  if (!item) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Inventory item ${inventoryItemId} was not found`)
  }
  return policyForResponse(container, inventoryItemId)
}
