import { MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ITEM_VARIANT_JOIN, namedItem } from "./item-names"
import type { Address, TraceShipment, UnshippedFulfillment } from "../types/http"
import { iso, pgConnection, placeholders, type Resolver } from "./pg"

/**
 * The traceability read model: one SQL statement from the plugin's
 * allocations to Medusa's order, customer, address, fulfilment and stock
 * location tables, so "lot X -> every customer who received it" costs one
 * indexed round trip instead of thousands of `query.graph` calls. The tables
 * read are Medusa 2.21's: `order`, `order_address`, `customer`,
 * `fulfillment`, `fulfillment_address`, `stock_location`,
 * `stock_location_address`, `inventory_item`, `product_variant`, `product`.
 * The units' serials (serialized items) come in the same statement.
 *
 * Every filter is on `lot_allocation (lot_id, status)` (indexed, partial on
 * live rows); every join is on a primary key.
 */

export type { Address }

/**
 * One shipment of a lot: the units of one order line that left in one
 * fulfilment (`TraceShipment`), plus what the CSV needs: the item's unit of
 * measure and the warehouse's address.
 */
export type Shipment = TraceShipment & {
  inventory_item: { unit_of_measure: string | null }
  ship_from: { address: Omit<Address, "name" | "phone"> | null }
}

// Per shipment, four primary-key lookups (order, customer, fulfilment, and
// the address it was shipped to) and one probe of the serials' allocation
// index (the units that left on it, shipped or back damaged; none for an
// item without serials); what is the same for every shipment of a
// lot or a location (lot, item, product, warehouse) is read once per lot or
// location afterwards. Each lookup is a LATERAL subquery with LIMIT 1:
// PostgreSQL cannot flatten it into a hash join, so a lot shipped to ten
// thousand orders costs ten thousand index probes per table, never a
// sequential scan of orders, customers or addresses (which the planner
// otherwise picks for large lots, and which grows with the shop). The
// order's address is read only when the fulfilment has none.
const SHIPMENT_COLUMNS = `
  a.id AS allocation_id, a.lot_id, a.inventory_item_id, a.order_id, a.line_item_id, a.location_id,
  a.quantity, a.returned_quantity, a.fulfillment_id, a.fulfilled_at,
  o.display_id AS order_display_id, o.customer_id,
  c.first_name AS c_first_name, c.last_name AS c_last_name, c.company_name AS c_company,
  coalesce(c.email, o.email) AS email, c.phone AS c_phone,
  f.shipped_at, f.delivered_at,
  st.found AS st_found, st.first_name AS st_first_name, st.last_name AS st_last_name, st.company AS st_company,
  st.address_1 AS st_address_1, st.address_2 AS st_address_2, st.city AS st_city, st.postal_code AS st_postal_code,
  st.province AS st_province, st.country_code AS st_country_code, st.phone AS st_phone,
  sn.serial_numbers`

const ADDRESS_FIELDS = "true AS found, x.first_name, x.last_name, x.company, x.address_1, x.address_2, x.city, x.postal_code, x.province, x.country_code, x.phone"

const SHIPMENT_JOINS = `
  LEFT JOIN LATERAL (SELECT x.display_id, x.customer_id, x.email, x.shipping_address_id FROM "order" x WHERE x.id = a.order_id LIMIT 1) o ON true
  LEFT JOIN LATERAL (SELECT x.first_name, x.last_name, x.company_name, x.email, x.phone FROM customer x WHERE x.id = o.customer_id LIMIT 1) c ON true
  LEFT JOIN LATERAL (SELECT x.shipped_at, x.delivered_at, x.delivery_address_id FROM fulfillment x WHERE x.id = a.fulfillment_id LIMIT 1) f ON true
  LEFT JOIN LATERAL (
    (SELECT ${ADDRESS_FIELDS} FROM fulfillment_address x WHERE x.id = f.delivery_address_id)
    UNION ALL
    (SELECT ${ADDRESS_FIELDS} FROM order_address x WHERE f.delivery_address_id IS NULL AND x.id = o.shipping_address_id)
    LIMIT 1) st ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(x.serial_number ORDER BY x.serial_number) AS serial_numbers FROM lot_serial x
     WHERE x.allocation_id = a.id AND x.status IN ('shipped', 'returned') AND x.deleted_at IS NULL) sn ON true`

/**
 * SQL for the part (0 .. of - 1) a row falls in, from an int4 hash such as
 * `hashtext(id)`. Not `abs(hash) % of`: hashtext returns any int4, and
 * `abs(-2147483648)` does not fit an int4, so PostgreSQL fails the whole
 * query with "integer out of range" for an id that hashes there. Widened to
 * bigint and shifted by 2^31 the hash is 0 .. 2^32 - 1, never negative and
 * never out of range, so `% of` gives each row exactly one part, evenly.
 */
export function hashPartSql(int4Hash: string, of: number): string {
  return `((${int4Hash})::bigint + 2147483648) % ${Number(of)}`
}

/**
 * The shipments SQL: fulfilled allocations of the lots, oldest shipment
 * first, optionally one page (the page is cut on the allocation index before
 * anything is joined). Exported for EXPLAIN in the benchmark.
 */
export function shipmentsSql(
  lotIds: readonly string[],
  page?: { limit: number; offset: number },
  part?: { index: number; of: number }
) {
  const slice = part && part.of > 1 ? ` AND ${hashPartSql("hashtext(id)", part.of)} = ${Number(part.index)}` : ""
  const inner = `SELECT * FROM lot_allocation
     WHERE lot_id IN (${placeholders(lotIds)}) AND status = 'fulfilled' AND deleted_at IS NULL${slice}
     ORDER BY fulfilled_at ASC NULLS LAST, id ASC${page ? " LIMIT ? OFFSET ?" : ""}`
  return {
    sql: `SELECT ${SHIPMENT_COLUMNS} FROM (${inner}) a ${SHIPMENT_JOINS}
           ORDER BY a.fulfilled_at ASC NULLS LAST, a.id ASC`,
    bindings: [...lotIds, ...(page ? [page.limit, page.offset] : [])] as (string | number)[],
  }
}

/**
 * The full list is read in this many parts at once, each on its own
 * connection (a hash of the allocation id picks the part): the work is
 * index probes, so two PostgreSQL backends on two cores take about half the
 * time of one for a lot shipped to thousands of orders.
 */
const FULL_LIST_PARTS = 2

const byShipDate = (a: any, b: any) => {
  const ta = a.fulfilled_at ? new Date(a.fulfilled_at).getTime() : Number.POSITIVE_INFINITY
  const tb = b.fulfilled_at ? new Date(b.fulfilled_at).getTime() : Number.POSITIVE_INFINITY
  return ta - tb || (a.allocation_id < b.allocation_id ? -1 : a.allocation_id > b.allocation_id ? 1 : 0)
}

type LotInfo = {
  lot: Shipment["lot"]
  inventory_item: Shipment["inventory_item"]
  product: Shipment["product"]
}

/** Lot, inventory item and product (the item's first variant's product) per lot: one small query. */
async function lotInfo(knex: Knex, lotIds: string[]): Promise<Map<string, LotInfo>> {
  if (!lotIds.length) {
    return new Map()
  }
  const { rows } = await knex.raw(
    `SELECT l.id, l.lot_number, l.supplier, l.origin, l.inventory_item_id,
            ii.sku AS item_sku, ii.title AS item_title, ii.unit_of_measure AS item_uom,
            v.product_title, v.variant_title, v.variant_sku
       FROM lot l
       LEFT JOIN inventory_item ii ON ii.id = l.inventory_item_id
       ${ITEM_VARIANT_JOIN("l.inventory_item_id")}
      WHERE l.id IN (${placeholders(lotIds)})`,
    lotIds
  )
  return new Map(
    rows.map((r: any) => [
      r.id,
      {
        lot: { id: r.id, lot_number: r.lot_number, supplier: r.supplier ?? null, origin: r.origin ?? null },
        inventory_item: { id: r.inventory_item_id, sku: r.item_sku ?? null, title: r.item_title ?? null, unit_of_measure: r.item_uom ?? null },
        product: {
          title: r.product_title ?? r.item_title ?? null,
          variant_title: r.variant_title ?? null,
          sku: r.variant_sku ?? r.item_sku ?? null,
        },
      },
    ])
  )
}

/** Stock locations with their addresses: one small query. */
async function locationInfo(knex: Knex, locationIds: string[]): Promise<Map<string, Shipment["ship_from"]>> {
  if (!locationIds.length) {
    return new Map()
  }
  const { rows } = await knex.raw(
    `SELECT sl.id, sl.name, a.id AS address_id, a.company, a.address_1, a.address_2, a.city, a.postal_code, a.province, a.country_code
       FROM stock_location sl LEFT JOIN stock_location_address a ON a.id = sl.address_id
      WHERE sl.id IN (${placeholders(locationIds)})`,
    locationIds
  )
  return new Map(
    rows.map((r: any) => [
      r.id,
      {
        location_id: r.id,
        name: r.name ?? null,
        address: r.address_id
          ? {
              company: r.company ?? null,
              address_1: r.address_1 ?? null,
              address_2: r.address_2 ?? null,
              city: r.city ?? null,
              postal_code: r.postal_code ?? null,
              province: r.province ?? null,
              country_code: r.country_code ?? null,
            }
          : null,
      },
    ])
  )
}

const fullName = (first: unknown, last: unknown): string | null =>
  [first, last].filter((x) => typeof x === "string" && x.trim()).join(" ") || null

function toShipment(r: any, lots: Map<string, LotInfo>, locations: Map<string, Shipment["ship_from"]>): Shipment {
  const ship_to: Address | null = r.st_found
    ? {
        name: fullName(r.st_first_name, r.st_last_name),
        company: r.st_company ?? null,
        address_1: r.st_address_1 ?? null,
        address_2: r.st_address_2 ?? null,
        city: r.st_city ?? null,
        postal_code: r.st_postal_code ?? null,
        province: r.st_province ?? null,
        country_code: r.st_country_code ?? null,
        phone: r.st_phone ?? null,
      }
    : null
  const info = lots.get(r.lot_id)
  return {
    allocation_id: r.allocation_id,
    lot: info?.lot ?? { id: r.lot_id, lot_number: r.lot_id, supplier: null, origin: null },
    inventory_item: info?.inventory_item ?? { id: r.inventory_item_id, sku: null, title: null, unit_of_measure: null },
    product: info?.product ?? { title: null, variant_title: null, sku: null },
    order: { id: r.order_id, display_id: r.order_display_id ?? null },
    line_item_id: r.line_item_id,
    customer: {
      id: r.customer_id ?? null,
      name: fullName(r.c_first_name, r.c_last_name) ?? ship_to?.name ?? r.c_company ?? null,
      email: r.email ?? null,
      phone: r.c_phone ?? ship_to?.phone ?? null,
    },
    ship_to,
    ship_from: locations.get(r.location_id) ?? { location_id: r.location_id, name: null, address: null },
    quantity: Number(r.quantity),
    returned_quantity: Number(r.returned_quantity),
    fulfillment_id: r.fulfillment_id ?? null,
    fulfilled_at: iso(r.fulfilled_at),
    shipped_at: iso(r.shipped_at),
    delivered_at: iso(r.delivered_at),
    serial_numbers: r.serial_numbers ?? [],
  }
}

/**
 * Runs a read with PostgreSQL's JIT compiler off: for plans made of index
 * probes and index-only scans (the trace, the KPIs) it only adds its compile
 * time (~150 ms for the full trace of a large lot) and saves nothing.
 */
export async function withoutJit<T>(knex: Knex, fn: (trx: Knex) => Promise<T>): Promise<T> {
  return knex.transaction(async (trx) => {
    await trx.raw("SET LOCAL jit = off")
    return fn(trx)
  })
}

/** Every shipment of the lots (or one page of them), oldest first. */
export async function listShipments(
  container: Resolver,
  lotIds: readonly string[],
  page?: { limit: number; offset: number }
): Promise<Shipment[]> {
  if (!lotIds.length) {
    return []
  }
  const knex = pgConnection(container)
  let rows: any[]
  if (page) {
    const { sql, bindings } = shipmentsSql(lotIds, page)
    rows = (await knex.raw(sql, bindings)).rows
  } else {
    const parts = await Promise.all(
      Array.from({ length: FULL_LIST_PARTS }, (_, index) => {
        const { sql, bindings } = shipmentsSql(lotIds, undefined, { index, of: FULL_LIST_PARTS })
        return withoutJit(knex, (trx) => trx.raw(sql, bindings)).then((r: any) => r.rows)
      })
    )
    rows = parts.flat().sort(byShipDate)
  }
  const [lots, locations] = await Promise.all([
    lotInfo(knex, [...new Set<string>(rows.map((r: any) => r.lot_id))]),
    locationInfo(knex, [...new Set<string>(rows.map((r: any) => r.location_id))]),
  ])
  return rows.map((r: any) => toShipment(r, lots, locations))
}

/** Given shipments (fulfilled allocations) by id, oldest first: a recall by serial reads only the shipments of its units. */
export async function listShipmentsByAllocation(container: Resolver, allocationIds: readonly string[]): Promise<Shipment[]> {
  if (!allocationIds.length) {
    return []
  }
  const knex = pgConnection(container)
  const inner = `SELECT * FROM lot_allocation WHERE id IN (${placeholders(allocationIds)}) AND status = 'fulfilled' AND deleted_at IS NULL`
  const { rows } = await knex.raw(
    `SELECT ${SHIPMENT_COLUMNS} FROM (${inner}) a ${SHIPMENT_JOINS} ORDER BY a.fulfilled_at ASC NULLS LAST, a.id ASC`,
    [...allocationIds]
  )
  const [lots, locations] = await Promise.all([
    lotInfo(knex, [...new Set<string>(rows.map((r: any) => r.lot_id))]),
    locationInfo(knex, [...new Set<string>(rows.map((r: any) => r.location_id))]),
  ])
  return rows.map((r: any) => toShipment(r, lots, locations))
}

/**
 * "Stop before shipping": units of the lots in fulfilments made but not yet
 * handed to the carrier (not shipped, not delivered, not canceled), one row
 * per fulfilment and lot, oldest first. The fulfilments are few (they wait
 * in the warehouse), so one statement over the lots' shipments and a
 * primary-key probe of each fulfilment is enough.
 */
export async function listUnshippedFulfillments(container: Resolver, lotIds: readonly string[]): Promise<UnshippedFulfillment[]> {
  if (!lotIds.length) {
    return []
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT a.order_id, o.display_id AS order_display_id, a.fulfillment_id, a.lot_id, l.lot_number, a.location_id,
            sl.name AS location_name, sum(a.quantity)::int AS quantity, min(a.fulfilled_at) AS fulfilled_at
       FROM lot_allocation a
       JOIN lot l ON l.id = a.lot_id
       JOIN LATERAL (SELECT x.shipped_at, x.delivered_at, x.canceled_at FROM fulfillment x WHERE x.id = a.fulfillment_id LIMIT 1) f ON true
       LEFT JOIN LATERAL (SELECT x.display_id FROM "order" x WHERE x.id = a.order_id LIMIT 1) o ON true
       LEFT JOIN stock_location sl ON sl.id = a.location_id
      WHERE a.lot_id IN (${placeholders(lotIds)}) AND a.status = 'fulfilled' AND a.deleted_at IS NULL
        AND f.shipped_at IS NULL AND f.delivered_at IS NULL AND f.canceled_at IS NULL
      GROUP BY a.order_id, o.display_id, a.fulfillment_id, a.lot_id, l.lot_number, a.location_id, sl.name
      ORDER BY min(a.fulfilled_at) ASC, a.fulfillment_id ASC, l.lot_number ASC`,
    [...lotIds]
  )
  return rows.map((r: any) => ({
    order_id: r.order_id,
    order_display_id: r.order_display_id ?? null,
    fulfillment_id: r.fulfillment_id,
    lot_id: r.lot_id,
    lot_number: r.lot_number,
    quantity: Number(r.quantity),
    location_id: r.location_id,
    location_name: r.location_name ?? null,
    fulfilled_at: iso(r.fulfilled_at),
  }))
}

export type Receipt = {
  movement_id: string
  received_at: string
  location_id: string | null
  location_name: string | null
  quantity: number
  note: string | null
  actor_id: string | null
}

/** The backward trace from the ledger: when and where the lot came in. */
export async function listReceipts(container: Resolver, lotId: string): Promise<Receipt[]> {
  const { rows } = await pgConnection(container).raw(
    `SELECT m.id AS movement_id, m.created_at AS received_at, m.location_id, sl.name AS location_name,
            m.quantity, m.note, m.actor_id
       FROM lot_movement m LEFT JOIN stock_location sl ON sl.id = m.location_id
      WHERE m.lot_id = ? AND m.type = 'received' AND m.deleted_at IS NULL
      ORDER BY m.created_at ASC, m.id ASC`,
    [lotId]
  )
  return rows.map((r: any) => ({ ...r, received_at: iso(r.received_at), quantity: Number(r.quantity) }))
}

/** The lot a trace is about (404 when it does not exist), with its inventory item's names: one query. */
export async function lotHeader(container: Resolver, lotId: string) {
  const { rows } = await pgConnection(container).raw(
    `SELECT l.id, l.lot_number, l.inventory_item_id, l.status, l.manufactured_at, l.expires_at, l.best_before,
            l.received_at, l.supplier, l.origin, ii.sku AS item_sku, ii.title AS item_title,
            v.product_title, v.variant_title
       FROM lot l
       LEFT JOIN inventory_item ii ON ii.id = l.inventory_item_id
       ${ITEM_VARIANT_JOIN("l.inventory_item_id")}
      WHERE l.id = ? AND l.deleted_at IS NULL`,
    [lotId]
  )
  const r = rows[0]
  if (!r) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${lotId} was not found`)
  }
  const { item_sku, item_title, product_title, variant_title, ...lot } = r
  return {
    ...lot,
    received_at: iso(lot.received_at),
    inventory_item: namedItem({ id: r.inventory_item_id, sku: item_sku, title: item_title, product_title, variant_title }),
  }
}
