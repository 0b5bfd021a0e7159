import type { ImportItem, ImportLocation } from "../lib/lot-import-check"
import { pgConnection, type Resolver } from "./pg"

/**
 * What a CSV import's rows are checked against in Medusa's own tables
 * (inventory items by SKU or id, stock locations by name or id, inventory
 * levels for the unassigned units): one statement each for the whole file,
 * the lists bound as one JSON document (see ./pg.ts for the shared-database
 * assumption).
 */

const json = (value: unknown) => JSON.stringify(value)

/** Live inventory items having one of these SKUs or ids. */
export async function importItems(container: Resolver, input: { skus: string[]; ids: string[] }): Promise<ImportItem[]> {
  if (!input.skus.length && !input.ids.length) {
    return []
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT id, sku FROM inventory_item
      WHERE deleted_at IS NULL
        AND (sku IN (SELECT jsonb_array_elements_text(?::jsonb)) OR id IN (SELECT jsonb_array_elements_text(?::jsonb)))`,
    [json(input.skus), json(input.ids)]
  )
  return rows
}

/** Live stock locations whose id is one of `names_or_ids`, or whose name is one of them without case. */
export async function importLocations(container: Resolver, namesOrIds: string[]): Promise<ImportLocation[]> {
  if (!namesOrIds.length) {
    return []
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT id, name FROM stock_location
      WHERE deleted_at IS NULL
        AND (id IN (SELECT jsonb_array_elements_text(?::jsonb))
             OR lower(btrim(name)) IN (SELECT lower(jsonb_array_elements_text(?::jsonb))))`,
    [json(namesOrIds), json(namesOrIds)]
  )
  return rows
}

/**
 * Per (item, location), Medusa's stocked units minus the item's lot stock
 * there (negative when lots hold more), keyed `item:location`; pairs
 * without an inventory level are left out (0 units to assign).
 */
export async function importUnassigned(
  container: Resolver,
  pairs: { inventory_item_id: string; location_id: string }[]
): Promise<Map<string, number>> {
  const result = new Map<string, number>()
  if (!pairs.length) {
    return result
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT p.inventory_item_id, p.location_id,
            (il.stocked_quantity - coalesce((
               SELECT sum(s.stocked_quantity) FROM lot l
                 JOIN lot_stock s ON s.lot_id = l.id AND s.location_id = p.location_id AND s.deleted_at IS NULL
                WHERE l.inventory_item_id = p.inventory_item_id AND l.deleted_at IS NULL), 0))::int AS unassigned
       FROM jsonb_to_recordset(?::jsonb) AS p(inventory_item_id text, location_id text)
       JOIN inventory_level il ON il.inventory_item_id = p.inventory_item_id AND il.location_id = p.location_id
                              AND il.deleted_at IS NULL`,
    [json(pairs)]
  )
  for (const r of rows) {
    result.set(`${r.inventory_item_id}:${r.location_id}`, Number(r.unassigned))
  }
  return result
}

/** Those of the items that order lines hold Medusa reservations of (what an opening balance must give lots to). */
export async function itemsWithOrderReservations(container: Resolver, inventoryItemIds: string[], holdExternalId: string): Promise<string[]> {
  if (!inventoryItemIds.length) {
    return []
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT DISTINCT inventory_item_id FROM reservation_item
      WHERE deleted_at IS NULL AND line_item_id IS NOT NULL AND external_id IS DISTINCT FROM ?
        AND inventory_item_id IN (SELECT jsonb_array_elements_text(?::jsonb))
      ORDER BY 1`,
    [holdExternalId, json(inventoryItemIds)]
  )
  return rows.map((r: { inventory_item_id: string }) => r.inventory_item_id)
}

/**
 * Those of the pairs where settling can change something: an order line
 * waits for stock there, a hold reservation exists, or a lot there is
 * blocked (not active, expiring before `horizon`, or with units recalled by
 * serial). Elsewhere the settle step would plan nothing, and an import of
 * 10,000 pairs skips reading them all again under the lock.
 */
export async function pairsToSettle(
  container: Resolver,
  pairs: { inventory_item_id: string; location_id: string }[],
  input: { horizon: string; hold_external_id: string }
): Promise<{ inventory_item_id: string; location_id: string }[]> {
  if (!pairs.length) {
    return []
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT p.inventory_item_id, p.location_id
       FROM jsonb_to_recordset(?::jsonb) AS p(inventory_item_id text, location_id text)
      WHERE EXISTS (SELECT 1 FROM lot_shortfall f
                     WHERE f.inventory_item_id = p.inventory_item_id AND f.location_id = p.location_id AND f.deleted_at IS NULL)
         OR EXISTS (SELECT 1 FROM reservation_item r
                     WHERE r.inventory_item_id = p.inventory_item_id AND r.location_id = p.location_id
                       AND r.external_id = ? AND r.deleted_at IS NULL)
         OR EXISTS (SELECT 1 FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.location_id = p.location_id AND s.deleted_at IS NULL
                     WHERE l.inventory_item_id = p.inventory_item_id AND l.deleted_at IS NULL
                       AND (l.status <> 'active' OR s.recall_id IS NOT NULL OR (l.expires_at IS NOT NULL AND l.expires_at < ?)
                            OR EXISTS (SELECT 1 FROM lot_serial b WHERE b.lot_id = l.id AND b.blocked AND b.deleted_at IS NULL)))`,
    [json(pairs), input.hold_external_id, input.horizon]
  )
  return rows
}
