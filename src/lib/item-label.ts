/**
 * How a merchant names a stock item: the product title, the variant and the
 * SKU ("Argan Repair Shampoo 250 ml · Default · SHAMPOO-ARGAN-250"). Medusa
 * sets an inventory item's own title to the variant title ("Default"), which
 * alone tells staff nothing, so it is only the fallback when no product is
 * linked.
 */
export type ItemNames = {
  product_title?: string | null
  variant_title?: string | null
  sku?: string | null
  /** The inventory item's own title. */
  title?: string | null
}

export const ITEM_LABEL_SEPARATOR = " · "

export function itemLabel(item: ItemNames | null | undefined, fallback = ""): string {
  if (!item) {
    return fallback
  }
  const clean = (s: string | null | undefined) => (typeof s === "string" ? s.trim() : "")
  const product = clean(item.product_title)
  const parts = product
    ? [product, clean(item.variant_title), clean(item.sku)]
    : [clean(item.title), clean(item.sku)]
  const unique = parts.filter((p, i) => p && parts.indexOf(p) === i)
  return unique.length ? unique.join(ITEM_LABEL_SEPARATOR) : fallback
}
