import { MedusaError } from "@medusajs/framework/utils"
import { escapeLike } from "../../../lib/like"
import type { LotListConfig, LotListFilters, LotWithTotals } from "../types"
import type { Knex } from "./knex"

const SORTABLE = new Set(["expires_at", "received_at", "manufactured_at", "lot_number", "created_at"])

/** Lots with stock totals (over all locations, or the filtered ones), filtered and paginated in one statement. */
export async function listLotsWithTotals(
  knex: Knex,
  filters: LotListFilters,
  config: LotListConfig
): Promise<[LotWithTotals[], number]> {
  const locationIds = filters.location_id?.length ? filters.location_id : null
  const totals = knex("lot_stock as ls")
    .select(
      knex.raw("coalesce(sum(ls.stocked_quantity), 0)::int as stocked_quantity"),
      knex.raw("coalesce(sum(ls.reserved_quantity), 0)::int as reserved_quantity"),
      knex.raw("count(*)::int as location_count")
    )
    .whereRaw("ls.lot_id = l.id")
    .whereNull("ls.deleted_at")
  if (locationIds) {
    totals.whereIn("ls.location_id", locationIds)
  }
  // The subquery goes in with its placeholders and bindings, never as text with the
  // values inlined (toString()): joinRaw would read a `?` inside a value as a placeholder.
  const lateral = totals.toSQL()

  const query = knex("lot as l")
    .select(
      "l.*",
      "t.stocked_quantity",
      "t.reserved_quantity",
      knex.raw("(t.stocked_quantity - t.reserved_quantity) as available_quantity"),
      knex.raw("count(*) over() as total_count")
    )
    .joinRaw(`cross join lateral (${lateral.sql}) t`, lateral.bindings as Knex.Value[])
    .whereNull("l.deleted_at")

  if (filters.q) {
    query.where("l.lot_number", "ilike", `%${escapeLike(filters.q)}%`)
  }
  if (filters.id?.length) {
    query.whereIn("l.id", filters.id)
  }
  if (filters.inventory_item_id?.length) {
    query.whereIn("l.inventory_item_id", filters.inventory_item_id)
  }
  if (filters.status?.length) {
    query.whereIn("l.status", filters.status)
  }
  if (filters.expires_before) {
    query.where("l.expires_at", "<=", filters.expires_before)
  }
  if (filters.expires_after) {
    query.where("l.expires_at", ">=", filters.expires_after)
  }
  if (filters.expired === true) {
    query.where("l.expires_at", "<", config.today)
  } else if (filters.expired === false) {
    query.where((b) => b.whereNull("l.expires_at").orWhere("l.expires_at", ">=", config.today))
  }
  if (locationIds) {
    query.where("t.location_count", ">", 0)
  }
  if (filters.has_stock === true) {
    query.where("t.stocked_quantity", ">", 0)
  } else if (filters.has_stock === false) {
    query.where("t.stocked_quantity", "=", 0)
  }

  const order = config.order ?? "expires_at"
  const desc = order.startsWith("-")
  const column = desc ? order.slice(1) : order
  if (!SORTABLE.has(column)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Cannot order lots by ${column}; use one of ${[...SORTABLE].join(", ")} (prefix - for descending)`
    )
  }
  query.orderByRaw(`l.${column} ${desc ? "desc" : "asc"} nulls last, l.lot_number asc, l.id asc`)
  query.offset(config.skip).limit(config.take)

  const rows = (await query) as (LotWithTotals & { total_count: string })[]
  let count = rows.length ? Number(rows[0].total_count) : 0
  if (!rows.length && config.skip > 0) {
    // An offset past the end returns no rows and so no window count: count from the first page.
    ;[, count] = await listLotsWithTotals(knex, filters, { ...config, skip: 0, take: 1 })
  }
  return [
    rows.map(({ total_count: _ignored, ...lot }) => ({
      ...lot,
      available_quantity: Number(lot.available_quantity),
    })),
    count,
  ]
}
