import { pairsIn, uniquePairs, type ItemLocation, type Knex } from "./knex"

export type ShortfallRow = { id: string; order_id: string; line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }

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
