import { itemLabel, type ItemNames } from "../../lib/item-label"

/**
 * The name of an inventory item as a merchant knows it ("Argan Repair Shampoo
 * 250 ml · Default · SHAMPOO-ARGAN-250"): the response's `label` when it has
 * one, else built from the names it carries.
 */
export function inventoryItemName(
  item: (ItemNames & { label?: string | null }) | null | undefined,
  fallback = ""
): string {
  const label = typeof item?.label === "string" ? item.label.trim() : ""
  return label || itemLabel(item, fallback)
}

/** The same for a flat row (`item_label` beside `sku` and maybe `item_title`). */
export function rowItemName(
  row: { item_label?: string | null; sku?: string | null; item_title?: string | null; inventory_item_id?: string | null },
  fallback = row.inventory_item_id ?? ""
): string {
  const label = typeof row.item_label === "string" ? row.item_label.trim() : ""
  return label || itemLabel({ sku: row.sku, title: row.item_title }, fallback)
}

/** Core inventory items read with their variants (`variants.title`, `variants.product.title`). */
export type CoreInventoryItem = {
  id: string
  sku?: string | null
  title?: string | null
  variants?: { title?: string | null; product?: { title?: string | null } | null }[] | null
}

/** A core inventory item with the names of its (first) variant and product. */
export function withItemNames(item: CoreInventoryItem) {
  const variant = (item.variants ?? []).find((v) => v?.product?.title) ?? item.variants?.[0]
  const names = {
    id: item.id,
    sku: item.sku ?? null,
    title: item.title ?? null,
    product_title: variant?.product?.title ?? null,
    variant_title: variant?.title ?? null,
  }
  return { ...names, label: itemLabel(names, item.id) }
}
