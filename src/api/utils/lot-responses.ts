import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { expiryState } from "../../lib/expiry"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { LotListConfig, LotListFilters, LotWithTotals } from "../../modules/lot_tracking/types"
import { itemNames } from "../../read-models/item-names"

/**
 * Lots as the API shows them: attributes, totals, stock per location (with
 * the location's name), the inventory item's names (sku, titles, label), and expiry state
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
    service.listLotStocks({ lot_id: lotIds }, { select: ["id", "lot_id", "location_id", "stocked_quantity", "reserved_quantity", "bin"] }),
    service.resolvePolicies(itemIds),
    itemNames(container, itemIds),
  ])
  const locationIds = [...new Set(stock.map((s) => s.location_id))]
  const locations = locationIds.length
    ? await container.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: locationIds }, { select: ["id", "name"] })
    : []
  const locationName = new Map(locations.map((l) => [l.id, l.name]))
  const stockByLot = new Map<string, typeof stock>()
  for (const s of stock) {
    stockByLot.set(s.lot_id, [...(stockByLot.get(s.lot_id) ?? []), s])
  }

  return lots.map((lot) => {
    const policy = policies.get(lot.inventory_item_id)!
    return {
      ...lot,
      ...expiryState(lot.expires_at, today, policy.expiry_warning_days),
      inventory_item: items.get(lot.inventory_item_id) ?? null,
      // Its units have serials (docs/SERIALS.md).
      serialized: policy.serialized,
      stock: (stockByLot.get(lot.id) ?? [])
        .map((s) => ({
          location_id: s.location_id,
          location_name: locationName.get(s.location_id) ?? null,
          stocked_quantity: s.stocked_quantity,
          reserved_quantity: s.reserved_quantity,
          available_quantity: s.stocked_quantity - s.reserved_quantity,
          bin: s.bin ?? null,
        }))
        .sort((a, b) => (a.location_name ?? a.location_id).localeCompare(b.location_name ?? b.location_id)),
    }
  })
}

/** `GET /admin/lots/:id/movements`: one page of the lot's ledger, newest first (404 when the lot does not exist). */
export async function listLotMovementsForResponse(
  container: MedusaContainer,
  lotId: string,
  q: { type?: string[]; location_id?: string[]; limit: number; offset: number }
) {
  const service = lotService(container)
  const [lot] = await service.listLots({ id: lotId }, { select: ["id"] })
  if (!lot) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${lotId} was not found`)
  }
  const [movements, count] = await service.listAndCountLotMovements(
    {
      lot_id: lotId,
      ...(q.type?.length ? { type: q.type as any } : {}),
      ...(q.location_id?.length ? { location_id: q.location_id } : {}),
    },
    { skip: q.offset, take: q.limit, order: { created_at: "DESC", id: "DESC" } }
  )
  return { movements, count, offset: q.offset, limit: q.limit }
}
