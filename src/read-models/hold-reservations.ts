import { HOLD_EXTERNAL_ID } from "../lib/lot-hold"
import type { ItemLocation } from "../modules/lot_tracking/types"
import { pgConnection, type Resolver } from "./pg"

/** One of the plugin's hold reservations (a row of Medusa's `reservation_item`). */
export type HoldReservationRow = {
  id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  metadata: Record<string, unknown> | null
}

/**
 * The plugin's hold reservations of these (item, location) pairs, read in one
 * statement without the inventory module's ORM: allocation checks them
 * whenever it meets a blocked or expired lot, inside the lot lock. Writes
 * still go through the inventory module (it moves the level with them).
 */
export async function listHoldReservationRows(container: Resolver, pairs: ItemLocation[]): Promise<HoldReservationRow[]> {
  if (!pairs.length) {
    return []
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT r.id, r.inventory_item_id, r.location_id, r.quantity, r.metadata
       FROM reservation_item r
       JOIN (VALUES ${pairs.map(() => "(?, ?)").join(", ")}) AS p(inventory_item_id, location_id)
         ON p.inventory_item_id = r.inventory_item_id AND p.location_id = r.location_id
      WHERE r.external_id = ? AND r.deleted_at IS NULL
      ORDER BY r.id`,
    [...pairs.flatMap((p) => [p.inventory_item_id, p.location_id]), HOLD_EXTERNAL_ID]
  )
  return rows.map((r: HoldReservationRow) => ({ ...r, quantity: Number(r.quantity) }))
}
