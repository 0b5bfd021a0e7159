import type { CandidateLot } from "../../../lib/lot-choice"
import type { HoldCandidate } from "../../../lib/lot-hold"
import { pairKey, pairsIn, type ItemLocation, type Knex } from "./knex"
import { effectiveStatusSql } from "./lot-status"

/** Units of the lot at the location recalled by serial and still on hand (a probe of a small partial index). */
const BLOCKED_SERIALS = `(SELECT count(*) FROM lot_serial bs WHERE bs.lot_id = l.id AND bs.location_id = s.location_id
    AND bs.blocked = true AND bs.status IN ('in_stock', 'reserved') AND bs.deleted_at IS NULL)::int`

/**
 * Every lot with stock at each (item, location), for the lot choice rule,
 * read in one statement. The status is the pair's (a recall scoped to the
 * location makes it `recalled` there), so lot choice and holds pass it over. Keyed `item:location`; every pair asked has an
 * entry (empty when no lot has stock there).
 */
export async function listCandidateLots(knex: Knex, pairs: ItemLocation[]): Promise<Map<string, CandidateLot[]>> {
  const result = new Map<string, CandidateLot[]>(pairs.map((p) => [pairKey(p), []]))
  if (!pairs.length) {
    return result
  }
  const { sql, bindings } = pairsIn(pairs)
  const { rows } = await knex.raw(
    `SELECT l.inventory_item_id, s.location_id, l.id AS lot_id, l.lot_number, ${effectiveStatusSql()} AS status, l.expires_at, l.received_at,
            (s.stocked_quantity - s.reserved_quantity - ${BLOCKED_SERIALS}) AS available
       FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.deleted_at IS NULL
      WHERE l.deleted_at IS NULL AND s.stocked_quantity > 0
        AND (l.inventory_item_id, s.location_id) IN (${sql})`,
    bindings
  )
  for (const { inventory_item_id, location_id, ...candidate } of rows) {
    result.get(pairKey({ inventory_item_id, location_id }))?.push(candidate)
  }
  return result
}

/** Lots with free units (stocked above reserved) at each (item, location): what a hold is computed over. Keyed `item:location`. */
export async function listFreeStockLots(knex: Knex, pairs: ItemLocation[]): Promise<Map<string, HoldCandidate[]>> {
  const result = new Map<string, HoldCandidate[]>(pairs.map((p) => [pairKey(p), []]))
  if (!pairs.length) {
    return result
  }
  const { sql, bindings } = pairsIn(pairs)
  const { rows } = await knex.raw(
    `SELECT l.inventory_item_id, s.location_id, l.id AS lot_id, l.lot_number, ${effectiveStatusSql()} AS status, l.expires_at,
            s.stocked_quantity, s.reserved_quantity, ${BLOCKED_SERIALS} AS blocked_serials
       FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.deleted_at IS NULL
      WHERE l.deleted_at IS NULL AND s.stocked_quantity > s.reserved_quantity
        AND (l.inventory_item_id, s.location_id) IN (${sql})`,
    bindings
  )
  for (const { inventory_item_id, location_id, ...lot } of rows) {
    result.get(pairKey({ inventory_item_id, location_id }))?.push(lot)
  }
  return result
}

/**
 * Every (item, location) where a tracked item has lot stock: what the
 * expiry watch reconciles holds over. Ordered, so batches are stable.
 */
export async function listTrackedStockPairs(knex: Knex): Promise<ItemLocation[]> {
  const { rows } = await knex.raw(
    `SELECT DISTINCT l.inventory_item_id, s.location_id
       FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.deleted_at IS NULL
       JOIN lot_tracking_policy p ON p.inventory_item_id = l.inventory_item_id AND p.deleted_at IS NULL AND p.tracked
      WHERE l.deleted_at IS NULL AND s.stocked_quantity > 0
      ORDER BY 1, 2`
  )
  return rows
}
