import { pairsIn, uniquePairs, type ItemLocation, type Knex } from "./knex"

export type ShortfallRow = { id: string; order_id: string; line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }

/** Whether the order already has lot allocations or shortfalls (the idempotency check of allocation). */
export async function hasOrderLots(knex: Knex, orderId: string): Promise<boolean> {
  const { rows } = await knex.raw(
    `SELECT EXISTS (SELECT 1 FROM lot_allocation WHERE order_id = ? AND deleted_at IS NULL)
         OR EXISTS (SELECT 1 FROM lot_shortfall WHERE order_id = ? AND deleted_at IS NULL) AS found`,
    [orderId, orderId]
  )
  return rows[0].found === true
}

/**
 * Order lines waiting for stock of these (item, location) pairs, oldest
 * order first (then line), so arriving units go to whoever waited longest.
 */
export async function listShortfallsFor(knex: Knex, pairs: ItemLocation[]): Promise<ShortfallRow[]> {
  const unique = uniquePairs(pairs)
  if (!unique.length) {
    return []
  }
  const { sql, bindings } = pairsIn(unique)
  const { rows } = await knex.raw(
    `SELECT id, order_id, line_item_id, inventory_item_id, location_id, quantity
       FROM lot_shortfall
      WHERE deleted_at IS NULL
        AND (inventory_item_id, location_id) IN (${sql})
      ORDER BY created_at, order_id, line_item_id`,
    bindings
  )
  return rows
}
