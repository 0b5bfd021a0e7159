import { itemLabel } from "../lib/item-label"
import { pgConnection, placeholders, type Resolver } from "./pg"

/**
 * What a merchant calls an inventory item: its SKU and own title, the
 * product and variant it stocks, and `label` (product · variant · SKU, see
 * src/lib/item-label.ts). Medusa sets the item's own title to the variant
 * title ("Default"), which alone names nothing.
 */
export type NamedItem = {
  id: string
  sku: string | null
  title: string | null
  product_title: string | null
  variant_title: string | null
  label: string | null
}

/**
 * SQL for the product and variant an inventory item stocks (`v.product_title`,
 * `v.variant_title`, `v.variant_sku`), given the SQL of the item's id: the
 * variant that needs the fewest units of it, else the oldest. A kit part is
 * linked to several variants; one name is enough to recognise it.
 */
export const ITEM_VARIANT_JOIN = (itemId: string) => `LEFT JOIN LATERAL (
         SELECT p.title AS product_title, pv.title AS variant_title, pv.sku AS variant_sku
           FROM product_variant_inventory_item link
           JOIN product_variant pv ON pv.id = link.variant_id AND pv.deleted_at IS NULL
           JOIN product p ON p.id = pv.product_id AND p.deleted_at IS NULL
          WHERE link.inventory_item_id = ${itemId} AND link.deleted_at IS NULL
          ORDER BY link.required_quantity ASC, pv.created_at ASC LIMIT 1) v ON true`

/** An item's names from its columns and its variant's, with the label. */
export function namedItem(r: {
  id: string
  sku?: string | null
  title?: string | null
  product_title?: string | null
  variant_title?: string | null
}): NamedItem {
  const names = {
    id: r.id,
    sku: r.sku ?? null,
    title: r.title ?? null,
    product_title: r.product_title ?? null,
    variant_title: r.variant_title ?? null,
  }
  return { ...names, label: itemLabel(names) || null }
}

/** Names of inventory items (deleted items are left out), in one query whatever their number. */
export async function itemNames(container: Resolver, ids: readonly (string | null | undefined)[]): Promise<Map<string, NamedItem>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))]
  if (!unique.length) {
    return new Map()
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT ii.id, ii.sku, ii.title, v.product_title, v.variant_title
       FROM inventory_item ii
       ${ITEM_VARIANT_JOIN("ii.id")}
      WHERE ii.id IN (${placeholders(unique)}) AND ii.deleted_at IS NULL`,
    unique
  )
  return new Map(rows.map((r: any): [string, NamedItem] => [r.id, namedItem(r)]))
}
