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
    // The shop's lot number or the supplier's own code: staff type whichever is on the box.
    const like = `%${escapeLike(filters.q)}%`
    query.where((b) => b.where("l.lot_number", "ilike", like).orWhere("l.supplier_lot_code", "ilike", like))
  }
  if (filters.supplier_lot_code?.length) {
    query.whereIn("l.supplier_lot_code", filters.supplier_lot_code)
  }
  if (filters.bin?.length) {
    // A stock row in one of the bins (at the filtered locations): index lot_stock (location_id, bin).
    query.whereExists((b) => {
      b.select(knex.raw("1"))
        .from("lot_stock as lb")
        .whereRaw("lb.lot_id = l.id")
        .whereNull("lb.deleted_at")
        .whereIn("lb.bin", filters.bin!)
      if (locationIds) {
        b.whereIn("lb.location_id", locationIds)
      }
    })
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

  const rows = (await query) as (LotWithTotals & { total_count: string; raw_unit_cost?: unknown })[]
  let count = rows.length ? Number(rows[0].total_count) : 0
  if (!rows.length && config.skip > 0) {
    // An offset past the end returns no rows and so no window count: count from the first page.
    ;[, count] = await listLotsWithTotals(knex, filters, { ...config, skip: 0, take: 1 })
  }
  return [
    rows.map(({ total_count: _ignored, raw_unit_cost: _raw, ...lot }) => ({
      ...lot,
      available_quantity: Number(lot.available_quantity),
      // A numeric comes back as text; the cost is an amount in `unit_cost_currency_code`.
      unit_cost: lot.unit_cost == null ? null : Number(lot.unit_cost),
    })),
    count,
  ]
}

export type SupplierCodeKey = { inventory_item_id: string; supplier: string | null; supplier_lot_code: string; except_lot_id?: string | null }

/**
 * Lots holding one of these supplier lot codes for the same item and
 * supplier (compared as the unique index `IDX_lot_item_supplier_lot_code_unique`
 * does: supplier without case, none as ''), other than `except_lot_id`.
 */
export async function lotsWithSupplierCodes(
  knex: Knex,
  keys: SupplierCodeKey[]
): Promise<{ id: string; lot_number: string; inventory_item_id: string; supplier: string | null; supplier_lot_code: string }[]> {
  if (!keys.length) {
    return []
  }
  const { rows } = await knex.raw(
    `SELECT l.id, l.lot_number, l.inventory_item_id, l.supplier, l.supplier_lot_code
       FROM lot l
       JOIN (VALUES ${keys.map(() => "(?::text, ?::text, ?::text, ?::text)").join(", ")}) AS k(item, supplier, code, except_id)
         ON l.inventory_item_id = k.item AND lower(coalesce(l.supplier, '')) = lower(coalesce(k.supplier, ''))
        AND l.supplier_lot_code = k.code AND l.id IS DISTINCT FROM k.except_id
      WHERE l.deleted_at IS NULL AND l.supplier_lot_code IS NOT NULL`,
    keys.flatMap((k) => [k.inventory_item_id, k.supplier, k.supplier_lot_code, k.except_lot_id ?? null])
  )
  return rows
}
