import { HOLD_EXTERNAL_ID } from "../lib/lot-hold"
import { pgConnection, placeholders, type Resolver } from "./pg"

/**
 * Unassigned stock: units Medusa counts at a location (`inventory_level.
 * stocked_quantity`) that no lot of the item holds there, the units an
 * opening balance puts into lots (docs/ONBOARDING.md). Reads Medusa's
 * `inventory_level`, `inventory_item` and `stock_location` beside the
 * plugin's `lot`, `lot_stock` and `lot_tracking_policy` in one statement
 * (see ./pg.ts for the shared-database assumption).
 */

export type UnassignedRow = {
  inventory_item_id: string
  location_id: string
  location_name: string | null
  sku: string | null
  quantity: number
}

export type UnassignedFilters = {
  inventory_item_id?: string[]
  location_id?: string[]
}

/**
 * Per (item, location) where Medusa counts more units than the item's lots
 * hold: the difference, largest first within an item. Items whose policy
 * says `tracked: false` are left out (the merchant chose not to track
 * them); items without a policy are in (not tracked yet: every unit is
 * unassigned). Paginated, with the count of all rows.
 */
export async function listUnassignedStock(
  container: Resolver,
  filters: UnassignedFilters,
  page: { limit: number; offset: number }
): Promise<{ unassigned: UnassignedRow[]; count: number }> {
  const where: string[] = []
  const bindings: (string | number)[] = []
  if (filters.inventory_item_id?.length) {
    where.push(`il.inventory_item_id IN (${placeholders(filters.inventory_item_id)})`)
    bindings.push(...filters.inventory_item_id)
  }
  if (filters.location_id?.length) {
    where.push(`il.location_id IN (${placeholders(filters.location_id)})`)
    bindings.push(...filters.location_id)
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT il.inventory_item_id, il.location_id, sl.name AS location_name, ii.sku,
            (il.stocked_quantity - coalesce(lots.units, 0))::numeric AS quantity,
            count(*) OVER () AS total_count
       FROM inventory_level il
       JOIN inventory_item ii ON ii.id = il.inventory_item_id AND ii.deleted_at IS NULL
       LEFT JOIN stock_location sl ON sl.id = il.location_id
       LEFT JOIN LATERAL (
         SELECT sum(s.stocked_quantity) AS units
           FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.location_id = il.location_id AND s.deleted_at IS NULL
          WHERE l.inventory_item_id = il.inventory_item_id AND l.deleted_at IS NULL) lots ON true
      WHERE il.deleted_at IS NULL
        AND il.stocked_quantity > coalesce(lots.units, 0)
        AND NOT EXISTS (SELECT 1 FROM lot_tracking_policy p
                         WHERE p.inventory_item_id = il.inventory_item_id AND p.deleted_at IS NULL AND NOT p.tracked)
        ${where.map((w) => `AND ${w}`).join(" ")}
      ORDER BY ii.sku ASC NULLS LAST, il.inventory_item_id, sl.name ASC NULLS LAST, il.location_id
      LIMIT ? OFFSET ?`,
    [...bindings, page.limit, page.offset]
  )
  let count = rows.length ? Number(rows[0].total_count) : 0
  if (!rows.length && page.offset > 0) {
    // Past the end there is no row to carry the window count.
    count = (await listUnassignedStock(container, filters, { limit: 1, offset: 0 })).count
  }
  return {
    unassigned: rows.map((r: any) => ({
      inventory_item_id: r.inventory_item_id,
      location_id: r.location_id,
      location_name: r.location_name ?? null,
      sku: r.sku ?? null,
      quantity: Number(r.quantity),
    })),
    count,
  }
}

export type PairStock = {
  /** Medusa has an inventory level for the item at the location. */
  level_exists: boolean
  level_stocked: number
  lot_stocked: number
  /** `level_stocked - lot_stocked`, never negative. */
  unassigned: number
  sku: string | null
  location_name: string | null
}

/** Both sides of one (item, location), in one statement: what an opening balance may assign. */
export async function pairStock(container: Resolver, inventoryItemId: string, locationId: string): Promise<PairStock> {
  const { rows } = await pgConnection(container).raw(
    `SELECT (SELECT sku FROM inventory_item WHERE id = :item) AS sku,
            (SELECT name FROM stock_location WHERE id = :location) AS location_name,
            il.stocked_quantity AS level_stocked, il.id IS NOT NULL AS level_exists,
            (SELECT coalesce(sum(s.stocked_quantity), 0)
               FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.location_id = :location AND s.deleted_at IS NULL
              WHERE l.inventory_item_id = :item AND l.deleted_at IS NULL) AS lot_stocked
       FROM (SELECT 1) one
       LEFT JOIN inventory_level il ON il.inventory_item_id = :item AND il.location_id = :location AND il.deleted_at IS NULL`,
    { item: inventoryItemId, location: locationId }
  )
  const r = rows[0]
  const levelStocked = Number(r.level_stocked ?? 0)
  const lotStocked = Number(r.lot_stocked ?? 0)
  return {
    level_exists: r.level_exists === true,
    level_stocked: levelStocked,
    lot_stocked: lotStocked,
    unassigned: Math.max(0, levelStocked - lotStocked),
    sku: r.sku ?? null,
    location_name: r.location_name ?? null,
  }
}

export type ItemOrderRows = {
  /** Medusa's reservations of order lines for the item (the hold left out). */
  reservations: { line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }[]
  /** Each line's order (Medusa's `order_item`, latest version), its status and when it was placed. */
  orders: Map<string, { order_id: string; status: string; created_at: Date }>
}

/**
 * Medusa's reservations of order lines for one item and the orders of the
 * lines (also lines the plugin holds lots or shortfalls for, `extraLineIds`):
 * what the order sync of an item that just got lots plans from.
 */
export async function itemOrderRows(container: Resolver, inventoryItemId: string, extraLineIds: string[]): Promise<ItemOrderRows> {
  const knex = pgConnection(container)
  const { rows: reservations } = await knex.raw(
    `SELECT line_item_id, inventory_item_id, location_id, quantity
       FROM reservation_item
      WHERE inventory_item_id = ? AND deleted_at IS NULL AND line_item_id IS NOT NULL AND external_id IS DISTINCT FROM ?`,
    [inventoryItemId, HOLD_EXTERNAL_ID]
  )
  const lineIds = [...new Set([...reservations.map((r: any) => r.line_item_id as string), ...extraLineIds])]
  const orders = new Map<string, { order_id: string; status: string; created_at: Date }>()
  if (lineIds.length) {
    const { rows } = await knex.raw(
      `SELECT DISTINCT ON (oi.item_id) oi.item_id, o.id AS order_id, o.status::text AS status, o.created_at
         FROM order_item oi JOIN "order" o ON o.id = oi.order_id AND o.deleted_at IS NULL
        WHERE oi.item_id IN (${placeholders(lineIds)}) AND oi.deleted_at IS NULL
        ORDER BY oi.item_id, oi.version DESC`,
      lineIds
    )
    for (const r of rows) {
      orders.set(r.item_id, { order_id: r.order_id, status: r.status, created_at: new Date(r.created_at) })
    }
  }
  return {
    reservations: reservations.map((r: any) => ({
      line_item_id: r.line_item_id,
      inventory_item_id: r.inventory_item_id,
      location_id: r.location_id,
      quantity: Number(r.quantity),
    })),
    orders,
  }
}
