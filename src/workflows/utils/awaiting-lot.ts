import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import { AWAITING_LOT_MARKER, AWAITING_LOT_NUMBER } from "../../lib/return-lots"
import type { Resolver } from "../../types/container"

/**
 * The item's "awaiting lot confirmation" lot, created (quarantined, so its
 * units are held back from sale) the first time it is needed. Call it under
 * the item lock, so two returns do not create it twice.
 */
export async function awaitingLotFor(container: Resolver, inventoryItemId: string): Promise<{ id: string; lot_number: string }> {
  const service = lotService(container)
  const [existing] = await service.listLots({ inventory_item_id: inventoryItemId, lot_number: AWAITING_LOT_NUMBER })
  if (existing) {
    if (existing.status === "active") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Lot ${AWAITING_LOT_NUMBER} of inventory item ${inventoryItemId} is active; returned units of an unconfirmed lot cannot be held there`
      )
    }
    return { id: existing.id, lot_number: existing.lot_number }
  }
  const created = await service.createLots({
    inventory_item_id: inventoryItemId,
    lot_number: AWAITING_LOT_NUMBER,
    status: "quarantined",
    received_at: new Date(),
    origin: "Customer returns whose lot is not confirmed yet",
    metadata: { lot_tracking: AWAITING_LOT_MARKER },
  })
  return { id: created.id, lot_number: created.lot_number }
}
