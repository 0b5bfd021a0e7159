import { Modules } from "@medusajs/framework/utils"
import { itemNames, type NamedItem } from "./item-names"
import type { Resolver } from "./pg"

export type { ExpiryWatchState } from "../lib/expiry"

export type {
  ExpiryAlertRef,
  ExpiryListLot,
  ExpiryLotQuery,
  ExpiryLotStock,
  ExpirySummary,
} from "../modules/lot_tracking/queries/expiry-list"
import type { ExpiryListLot } from "../modules/lot_tracking/queries/expiry-list"

/**
 * Names of the lots' inventory items (SKU, titles, label: one query) and of
 * their locations, for messages and the admin page.
 */
export async function describeLots(container: Resolver, lots: Pick<ExpiryListLot, "inventory_item_id" | "stock">[]) {
  const locationIds = [...new Set(lots.flatMap((l) => l.stock.map((s) => s.location_id)))]
  const [items, locations] = await Promise.all([
    itemNames(
      container,
      lots.map((l) => l.inventory_item_id)
    ),
    locationIds.length
      ? container.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: locationIds }, { select: ["id", "name"] })
      : [],
  ])
  return {
    items,
    locations: new Map<string, string>(locations.map((l: any): [string, string] => [l.id, l.name])),
  }
}

export type ExpiryItem = NamedItem
