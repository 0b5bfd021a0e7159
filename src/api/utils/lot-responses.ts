import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { expiryState } from "../../lib/expiry"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { LotListConfig, LotListFilters, LotWithTotals } from "../../modules/lot_tracking/types"

/**
 * Lots as the API shows them: attributes, totals, stock per location (with
 * the location's name), the inventory item's sku/title, and expiry state
 * derived at read time from today's date and the item's policy.
 */
export async function listLotsForResponse(
  container: MedusaContainer,
  filters: LotListFilters,
  config: Omit<LotListConfig, "today">
) {
  const service = lotService(container)
  const today = await service.today()
  const [lots, count] = await service.listLotsWithTotals(filters, { ...config, today })
  return { lots: await decorate(container, lots, today), count }
}

export async function retrieveLotForResponse(container: MedusaContainer, id: string) {
  const { lots } = await listLotsForResponse(container, { id: [id] }, { skip: 0, take: 1 })
  if (!lots.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${id} was not found`)
  }
  return lots[0]
}

async function decorate(container: MedusaContainer, lots: LotWithTotals[], today: string) {
  if (!lots.length) {
    return []
  }
  const service = lotService(container)
  const lotIds = lots.map((l) => l.id)
  const itemIds = [...new Set(lots.map((l) => l.inventory_item_id))]
  const [stock, policies, items] = await Promise.all([
    service.listLotStocks({ lot_id: lotIds }, { select: ["id", "lot_id", "location_id", "stocked_quantity", "reserved_quantity"] }),
    service.resolvePolicies(itemIds),
    container.resolve(Modules.INVENTORY).listInventoryItems({ id: itemIds }, { select: ["id", "sku", "title"] }),
  ])
  const locationIds = [...new Set(stock.map((s) => s.location_id))]
  const locations = locationIds.length
    ? await container.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: locationIds }, { select: ["id", "name"] })
    : []
  const locationName = new Map(locations.map((l) => [l.id, l.name]))
  const itemById = new Map(items.map((i) => [i.id, { id: i.id, sku: i.sku ?? null, title: i.title ?? null }]))
  const stockByLot = new Map<string, typeof stock>()
  for (const s of stock) {
    stockByLot.set(s.lot_id, [...(stockByLot.get(s.lot_id) ?? []), s])
  }

  return lots.map((lot) => {
    const policy = policies.get(lot.inventory_item_id)!
    return {
      ...lot,
      ...expiryState(lot.expires_at, today, policy.expiry_warning_days),
      inventory_item: itemById.get(lot.inventory_item_id) ?? null,
      stock: (stockByLot.get(lot.id) ?? [])
        .map((s) => ({
          location_id: s.location_id,
          location_name: locationName.get(s.location_id) ?? null,
          stocked_quantity: s.stocked_quantity,
          reserved_quantity: s.reserved_quantity,
          available_quantity: s.stocked_quantity - s.reserved_quantity,
        }))
        .sort((a, b) => (a.location_name ?? a.location_id).localeCompare(b.location_name ?? b.location_id)),
    }
  })
}
