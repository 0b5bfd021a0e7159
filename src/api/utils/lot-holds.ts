import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { HOLD_EXTERNAL_ID, type HeldLot, type HoldReason } from "../../lib/lot-hold"
import type { LotHold } from "../../types/http"
import { lotService } from "../../modules/lot_tracking/resolve"
import { itemNames } from "../../read-models/item-names"

/** One hold reservation as the admin API answers it. */
export type LotHoldResponse = LotHold

const REASONS: readonly HoldReason[] = ["quarantined", "recalled", "expired", "short_shelf_life"]

/** The lots written in the hold's metadata, keeping only well-formed entries (the row may have been edited by hand). */
function heldLots(metadata: Record<string, unknown> | null | undefined): HeldLot[] {
  const lots = metadata?.lots
  if (!Array.isArray(lots)) {
    return []
  }
  return lots
    .filter(
      (l): l is HeldLot =>
        !!l &&
        typeof l === "object" &&
        typeof l.lot_id === "string" &&
        REASONS.includes(l.reason) &&
        Number.isFinite(Number(l.quantity))
    )
    .map((l) => ({
      lot_id: l.lot_id,
      lot_number: typeof l.lot_number === "string" ? l.lot_number : l.lot_id,
      reason: l.reason,
      quantity: Number(l.quantity),
    }))
}

/**
 * The hold reservations of these inventory items (see src/lib/lot-hold.ts),
 * read through Medusa's inventory module, with location names and the lots
 * that explain each hold. Lot numbers are the lots' current ones (a lot
 * renamed since the hold was written shows its new number). Sorted by item,
 * then location name.
 */
export async function listLotHolds(container: MedusaContainer, inventoryItemIds: string[]): Promise<LotHoldResponse[]> {
  const ids = [...new Set(inventoryItemIds)]
  if (!ids.length) {
    return []
  }
  // `external_id` is a column of reservation_item, but not in the filter type.
  const rows = await container.resolve(Modules.INVENTORY).listReservationItems(
    { external_id: HOLD_EXTERNAL_ID, inventory_item_id: ids } as any,
    { select: ["id", "inventory_item_id", "location_id", "quantity", "description", "metadata"] }
  )
  if (!rows.length) {
    return []
  }
  const holds = rows.map((r) => ({ row: r, lots: heldLots(r.metadata as Record<string, unknown> | null) }))
  const locationIds = [...new Set(rows.map((r) => r.location_id))]
  const lotIds = [...new Set(holds.flatMap((h) => h.lots.map((l) => l.lot_id)))]
  const [locations, lots, items] = await Promise.all([
    container.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: locationIds }, { select: ["id", "name"] }),
    lotIds.length
      ? lotService(container).listLots({ id: lotIds }, { select: ["id", "lot_number"] })
      : Promise.resolve([] as { id: string; lot_number: string }[]),
    itemNames(
      container,
      rows.map((r) => r.inventory_item_id)
    ),
  ])
  const locationName = new Map(locations.map((l) => [l.id, l.name]))
  const lotNumber = new Map(lots.map((l) => [l.id, l.lot_number]))

  return holds
    .map(({ row, lots }) => ({
      inventory_item_id: row.inventory_item_id,
      inventory_item: items.get(row.inventory_item_id) ?? null,
      location_id: row.location_id,
      location_name: locationName.get(row.location_id) ?? null,
      quantity: Number(row.quantity),
      reservation_id: row.id,
      description: row.description ?? null,
      lots: lots.map((l) => ({ ...l, lot_number: lotNumber.get(l.lot_id) ?? l.lot_number })),
    }))
    .sort(
      (a, b) =>
        a.inventory_item_id.localeCompare(b.inventory_item_id) ||
        (a.location_name ?? a.location_id).localeCompare(b.location_name ?? b.location_id) ||
        a.reservation_id.localeCompare(b.reservation_id)
    )
}
