import { iso } from "../../../lib/sql"
import { placeholders, type Knex } from "./knex"

export type ShipmentSummary = {
  shipments: number
  orders: number
  units_shipped: number
  units_returned: number
  first_shipped_at: string | null
  last_shipped_at: string | null
}

export type RecallFigures = { units_shipped: number; units_returned: number; units_written_off: number; units_in_stock: number }

/**
 * The shipment totals statement (exported for EXPLAIN in the benchmark): an
 * index-only scan of the lot's shipments (`IDX_lot_allocation_lot_id_shipped`
 * covers every column read). Orders are told apart byte by byte (`COLLATE
 * "C"`, the same equality as the column's) so the distinct count sorts
 * without the locale's collation rules.
 */
export function shipmentSummarySql(lotIds: readonly string[]): { sql: string; bindings: string[] } {
  return {
    sql: `SELECT count(*)::int AS shipments,
            count(DISTINCT a.order_id COLLATE "C")::int AS orders,
            coalesce(sum(a.quantity), 0)::int AS units_shipped,
            coalesce(sum(a.returned_quantity), 0)::int AS units_returned,
            min(a.fulfilled_at) AS first_shipped_at,
            max(a.fulfilled_at) AS last_shipped_at
       FROM lot_allocation a
      WHERE a.lot_id IN (${placeholders(lotIds)}) AND a.status = 'fulfilled' AND a.deleted_at IS NULL`,
    bindings: [...lotIds],
  }
}

/** Totals over every shipment of the lots, from the allocation index alone. */
export async function summarizeShipments(knex: Knex, lotIds: readonly string[]): Promise<ShipmentSummary> {
  if (!lotIds.length) {
    return { shipments: 0, orders: 0, units_shipped: 0, units_returned: 0, first_shipped_at: null, last_shipped_at: null }
  }
  const { sql, bindings } = shipmentSummarySql(lotIds)
  const { rows } = await knex.raw(sql, bindings)
  const r = rows[0]
  return { ...r, first_shipped_at: iso(r.first_shipped_at), last_shipped_at: iso(r.last_shipped_at) }
}

/**
 * What a recall's lots became: shipped and returned units (from the
 * allocations), units written off as recalled since the recall opened (from
 * the ledger) and units still on hand. A recall scoped to locations counts
 * only what happened at (and shipped from) those locations.
 */
export async function recallFigures(
  knex: Knex,
  lotIds: readonly string[],
  since: Date | string,
  locationIds?: readonly string[] | null
): Promise<RecallFigures> {
  if (!lotIds.length) {
    return { units_shipped: 0, units_returned: 0, units_written_off: 0, units_in_stock: 0 }
  }
  if (locationIds?.length) {
    const ids = placeholders(lotIds)
    const locs = placeholders(locationIds)
    const { rows } = await knex.raw(
      `SELECT
         (SELECT coalesce(sum(quantity), 0)::int FROM lot_allocation
           WHERE lot_id IN (${ids}) AND location_id IN (${locs}) AND status = 'fulfilled' AND deleted_at IS NULL) AS units_shipped,
         (SELECT coalesce(sum(returned_quantity), 0)::int FROM lot_allocation
           WHERE lot_id IN (${ids}) AND location_id IN (${locs}) AND status = 'fulfilled' AND deleted_at IS NULL) AS units_returned,
         (SELECT coalesce(-sum(quantity), 0)::int FROM lot_movement
           WHERE lot_id IN (${ids}) AND location_id IN (${locs}) AND type = 'written_off' AND reason = 'recalled' AND created_at >= ? AND deleted_at IS NULL) AS units_written_off,
         (SELECT coalesce(sum(stocked_quantity), 0)::int FROM lot_stock
           WHERE lot_id IN (${ids}) AND location_id IN (${locs}) AND deleted_at IS NULL) AS units_in_stock`,
      [...lotIds, ...locationIds, ...lotIds, ...locationIds, ...lotIds, ...locationIds, new Date(since), ...lotIds, ...locationIds]
    )
    return rows[0]
  }
  const ids = placeholders(lotIds)
  const { rows } = await knex.raw(
    `SELECT
       (SELECT coalesce(sum(quantity), 0)::int FROM lot_allocation
         WHERE lot_id IN (${ids}) AND status = 'fulfilled' AND deleted_at IS NULL) AS units_shipped,
       (SELECT coalesce(sum(returned_quantity), 0)::int FROM lot_allocation
         WHERE lot_id IN (${ids}) AND status = 'fulfilled' AND deleted_at IS NULL) AS units_returned,
       (SELECT coalesce(-sum(quantity), 0)::int FROM lot_movement
         WHERE lot_id IN (${ids}) AND type = 'written_off' AND reason = 'recalled' AND created_at >= ? AND deleted_at IS NULL) AS units_written_off,
       (SELECT coalesce(sum(stocked_quantity), 0)::int FROM lot_stock
         WHERE lot_id IN (${ids}) AND deleted_at IS NULL) AS units_in_stock`,
    [...lotIds, ...lotIds, ...lotIds, new Date(since), ...lotIds]
  )
  return rows[0]
}
