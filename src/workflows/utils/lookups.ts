import { MedusaError, Modules } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { Resolver } from "../../types/container"

/** Ids named in a request body that must exist: 400 with the missing ids. */
export async function assertInventoryItemsExist(container: Resolver, ids: string[]) {
  const unique = [...new Set(ids)]
  if (!unique.length) {
    return
  }
  const found = await container
    .resolve(Modules.INVENTORY)
    .listInventoryItems({ id: unique }, { select: ["id"] })
  const have = new Set(found.map((i: { id: string }) => i.id))
  const missing = unique.filter((id) => !have.has(id))
  if (missing.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Inventory item ${missing.join(", ")} does not exist`)
  }
}

export async function assertLocationsExist(container: Resolver, ids: string[]) {
  const unique = [...new Set(ids)]
  if (!unique.length) {
    return
  }
  const found = await container
    .resolve(Modules.STOCK_LOCATION)
    .listStockLocations({ id: unique }, { select: ["id"] })
  const have = new Set(found.map((l: { id: string }) => l.id))
  const missing = unique.filter((id) => !have.has(id))
  if (missing.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Stock location ${missing.join(", ")} does not exist`)
  }
}

/** A lot named in the URL: 404 when it does not exist (or was deleted). */
export async function getLotOrThrow(container: Resolver, id: string) {
  const [lot] = await lotService(container).listLots({ id })
  if (!lot) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${id} was not found`)
  }
  return lot
}
