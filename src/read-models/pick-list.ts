import { MedusaError } from "@medusajs/framework/utils"
import { sortPickLines, sortShortfalls, type PickList, type PickListLine, type PickListOrder, type PickListShortfall } from "../lib/pick-list"
import type { PickListCandidateOrder } from "../types/http"
import { effectiveStatusSql } from "../modules/lot_tracking/queries/lot-status"
import { iso, pgConnection, placeholders, type Resolver } from "./pg"

/**
 * Pick lists (docs/DOCUMENTS.md): what to take from which lot, location and
 * bin for a selection of orders. Two statements whatever the number of
 * orders: the orders themselves (to name the unknown ones), then their
 * reserved lot allocations, the reservations of their untracked lines and
 * their shortfalls in one UNION, each part on an `order_id` or line index.
 * The walking order is the pure rule of src/lib/pick-list.ts.
 */

// Names shared by the three parts: the line as the customer ordered it, the
// SKU of the unit on the shelf (a kit's part has its own), the location's name.
const LINE_NAMES = `
  li.product_title, li.variant_title, li.title AS line_title,
  coalesce(ii.sku, li.variant_sku) AS sku, sl.name AS location_name`

export async function readPickList(container: Resolver, orderIds: readonly string[]): Promise<PickList> {
  const ids = [...new Set(orderIds)]
  const knex = pgConnection(container)
  const [orders, parts] = await Promise.all([
    knex.raw(
      `SELECT id, display_id, email, created_at FROM "order" WHERE id IN (${placeholders(ids)}) AND deleted_at IS NULL`,
      ids
    ),
    knex.raw(
      `SELECT 'lot' AS source, a.order_id, a.line_item_id, a.inventory_item_id, a.location_id, sum(a.quantity)::int AS quantity,
              l.id AS lot_id, l.lot_number, l.expires_at, ${effectiveStatusSql("l", "ls")} AS lot_status, ls.bin, ${LINE_NAMES}
         FROM lot_allocation a
         JOIN lot l ON l.id = a.lot_id
         LEFT JOIN lot_stock ls ON ls.lot_id = a.lot_id AND ls.location_id = a.location_id AND ls.deleted_at IS NULL
         LEFT JOIN order_line_item li ON li.id = a.line_item_id
         LEFT JOIN inventory_item ii ON ii.id = a.inventory_item_id
         LEFT JOIN stock_location sl ON sl.id = a.location_id
        WHERE a.order_id IN (${placeholders(ids)}) AND a.status = 'reserved' AND a.deleted_at IS NULL
        GROUP BY a.order_id, a.line_item_id, a.inventory_item_id, a.location_id, l.id, ls.bin, ls.recall_id,
                 li.product_title, li.variant_title, li.title, ii.sku, li.variant_sku, sl.name
       UNION ALL
       -- Items not tracked by lot still have to be picked: Medusa's reservation
       -- of the line says where (no lot, no bin).
       SELECT 'untracked', oi.order_id, r.line_item_id, r.inventory_item_id, r.location_id, sum(r.quantity)::int,
              NULL, NULL, NULL, NULL, NULL, ${LINE_NAMES}
         FROM "order" o
         JOIN order_item oi ON oi.order_id = o.id AND oi.version = o.version AND oi.deleted_at IS NULL
         JOIN reservation_item r ON r.line_item_id = oi.item_id AND r.deleted_at IS NULL
         LEFT JOIN order_line_item li ON li.id = r.line_item_id
         LEFT JOIN inventory_item ii ON ii.id = r.inventory_item_id
         LEFT JOIN stock_location sl ON sl.id = r.location_id
        WHERE o.id IN (${placeholders(ids)}) AND o.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM lot_tracking_policy p
                           WHERE p.inventory_item_id = r.inventory_item_id AND p.tracked AND p.deleted_at IS NULL)
        GROUP BY oi.order_id, r.line_item_id, r.inventory_item_id, r.location_id,
                 li.product_title, li.variant_title, li.title, ii.sku, li.variant_sku, sl.name
       UNION ALL
       SELECT 'shortfall', s.order_id, s.line_item_id, s.inventory_item_id, s.location_id, sum(s.quantity)::int,
              NULL, NULL, NULL, NULL, NULL, ${LINE_NAMES}
         FROM lot_shortfall s
         LEFT JOIN order_line_item li ON li.id = s.line_item_id
         LEFT JOIN inventory_item ii ON ii.id = s.inventory_item_id
         LEFT JOIN stock_location sl ON sl.id = s.location_id
        WHERE s.order_id IN (${placeholders(ids)}) AND s.deleted_at IS NULL
        GROUP BY s.order_id, s.line_item_id, s.inventory_item_id, s.location_id,
                 li.product_title, li.variant_title, li.title, ii.sku, li.variant_sku, sl.name`,
      [...ids, ...ids, ...ids]
    ),
  ])
  const found = new Map<string, PickListOrder>(
    orders.rows.map((r: any): [string, PickListOrder] => [
      r.id,
      { id: r.id, display_id: r.display_id ?? null, email: r.email ?? null, created_at: iso(r.created_at)! },
    ])
  )
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      missing.length === 1 ? `Order ${missing[0]} was not found` : `Orders ${missing.join(", ")} were not found`
    )
  }
  const displayId = (orderId: string) => found.get(orderId)?.display_id ?? null
  const lines: PickListLine[] = []
  const shortfalls: PickListShortfall[] = []
  for (const r of parts.rows) {
    if (r.source === "shortfall") {
      shortfalls.push({
        order_id: r.order_id,
        order_display_id: displayId(r.order_id),
        line_item_id: r.line_item_id,
        sku: r.sku ?? null,
        location_id: r.location_id,
        location_name: r.location_name ?? null,
        quantity: Number(r.quantity),
      })
      continue
    }
    lines.push({
      order_id: r.order_id,
      order_display_id: displayId(r.order_id),
      line_item_id: r.line_item_id,
      product_title: r.product_title ?? r.line_title ?? null,
      variant_title: r.variant_title ?? null,
      sku: r.sku ?? null,
      inventory_item_id: r.inventory_item_id,
      lot_id: r.lot_id ?? null,
      lot_number: r.lot_number ?? null,
      expires_at: r.expires_at ?? null,
      lot_status: r.lot_status ?? null,
      location_id: r.location_id,
      location_name: r.location_name ?? null,
      bin: r.bin ?? null,
      quantity: Number(r.quantity),
      status: r.source === "lot" ? "reserved" : "untracked",
    })
  }
  return {
    generated_at: new Date().toISOString(),
    // In the order they were asked for: the list's header follows the selection.
    orders: ids.map((id) => found.get(id)!),
    lines: sortPickLines(lines),
    shortfalls: sortShortfalls(shortfalls),
  }
}

/**
 * Orders with lots reserved and not shipped yet, oldest first (the order to
 * pick them in): the choice the pick list page offers. Reserved allocations
 * are a small part of the table (partial index `WHERE status = 'reserved'`).
 */
export async function listPickableOrders(
  container: Resolver,
  { limit, offset, location_id }: { limit: number; offset: number; location_id?: string }
): Promise<{ orders: PickListCandidateOrder[]; count: number }> {
  const { rows } = await pgConnection(container).raw(
    `WITH open AS (
       SELECT a.order_id, sum(a.quantity)::int AS reserved_quantity, count(DISTINCT a.line_item_id)::int AS line_count,
              array_agg(DISTINCT a.location_id) AS location_ids
         FROM lot_allocation a
        WHERE a.status = 'reserved' AND a.deleted_at IS NULL ${location_id ? "AND a.location_id = :location" : ""}
        GROUP BY a.order_id)
     SELECT o.id, o.display_id, o.email, o.created_at, open.reserved_quantity, open.line_count,
            (SELECT coalesce(array_agg(sl.name ORDER BY sl.name), '{}') FROM stock_location sl WHERE sl.id = ANY(open.location_ids)) AS location_names,
            (SELECT coalesce(sum(s.quantity), 0) FROM lot_shortfall s WHERE s.order_id = o.id AND s.deleted_at IS NULL)::int AS shortfall_quantity,
            count(*) OVER ()::int AS total
       FROM open
       JOIN "order" o ON o.id = open.order_id AND o.deleted_at IS NULL AND o.status <> 'canceled' AND NOT o.is_draft_order
      ORDER BY o.created_at ASC, o.id ASC
      LIMIT :limit OFFSET :offset`,
    { limit, offset, ...(location_id ? { location: location_id } : {}) }
  )
  let count = Number(rows[0]?.total ?? 0)
  if (!rows.length && offset > 0) {
    // A page past the end: count the whole list anyway (the window had no row to count on).
    count = (await listPickableOrders(container, { limit: 1, offset: 0, location_id })).count
  }
  return {
    count,
    orders: rows.map((r: any) => ({
      id: r.id,
      display_id: r.display_id ?? null,
      email: r.email ?? null,
      created_at: iso(r.created_at)!,
      reserved_quantity: Number(r.reserved_quantity),
      line_count: Number(r.line_count),
      shortfall_quantity: Number(r.shortfall_quantity),
      location_names: r.location_names ?? [],
    })),
  }
}
