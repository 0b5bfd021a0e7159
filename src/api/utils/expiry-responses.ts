import type { MedusaContainer } from "@medusajs/framework/types"
import { lotService } from "../../modules/lot_tracking/resolve"
import { describeLots, type ExpiryWatchState } from "../../read-models/expiry-lots"
import type { ExpiryResponse } from "../../types/http"

export type ExpiryLotsQuery = {
  days?: number | null
  state?: ExpiryWatchState
  location_id?: string[]
  inventory_item_id?: string[]
  limit: number
  offset: number
}

/**
 * `GET /admin/lot-tracking/expiry`: lots of tracked items with stock on hand
 * that are expired or expiring, soonest first, each with its item's names,
 * units per location (named, sorted by name) and when each state was announced.
 */
export async function expiryLotsForResponse(
  container: MedusaContainer,
  q: ExpiryLotsQuery
): Promise<ExpiryResponse & { offset: number; limit: number }> {
  const service = lotService(container)
  const [options, today] = await Promise.all([service.getOptions(), service.today()])
  const { lots, count, summary } = await service.listExpiryLots({
    today,
    defaultWarningDays: options.expiry_warning_days,
    days: q.days ?? null,
    state: q.state,
    locationIds: q.location_id,
    inventoryItemIds: q.inventory_item_id,
    limit: q.limit,
    offset: q.offset,
  })
  const { items, locations } = await describeLots(container, lots)
  return {
    today,
    time_zone: options.time_zone,
    days: q.days ?? null,
    summary,
    lots: lots.map(({ alerts, stock, ...lot }) => ({
      ...lot,
      available_quantity: lot.stocked_quantity - lot.reserved_quantity,
      inventory_item: items.get(lot.inventory_item_id) ?? null,
      stock: stock
        .map((s) => ({
          ...s,
          location_name: locations.get(s.location_id) ?? null,
          available_quantity: s.stocked_quantity - s.reserved_quantity,
        }))
        .sort((a, b) => (a.location_name ?? a.location_id).localeCompare(b.location_name ?? b.location_id)),
      announced: {
        expiring: alerts.find((a) => a.state === "expiring")?.announced_at ?? null,
        expired: alerts.find((a) => a.state === "expired")?.announced_at ?? null,
      },
    })),
    count,
    offset: q.offset,
    limit: q.limit,
  }
}
