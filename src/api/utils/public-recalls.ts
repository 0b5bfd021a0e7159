import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { escapeLike } from "../../lib/like"
import { lotService } from "../../modules/lot_tracking/resolve"
import { pgConnection, placeholders, type Resolver } from "../../read-models/pg"

/** What the public and customers may know about a recall: never the internal reason, never who received what. */
export type PublicRecall = {
  reference: string
  classification: string | null
  public_reason: string | null
  opened_at: string
}

const publicRecall = (r: any): PublicRecall => ({
  reference: r.reference,
  classification: r.classification ?? null,
  public_reason: r.public_reason ?? null,
  opened_at: new Date(r.opened_at).toISOString(),
})

/** Open recalls of the given lots, by lot id. */
export async function openRecallsOfLots(container: Resolver, lotIds: string[]): Promise<Map<string, PublicRecall>> {
  if (!lotIds.length) {
    return new Map()
  }
  const links = await lotService(container).listRecallLots({ lot_id: lotIds }, { relations: ["recall"] })
  return new Map(
    links.filter((l: any) => l.recall?.status === "open").map((l: any) => [l.lot_id, publicRecall(l.recall)])
  )
}

/** Open recalls by serial of the given units, by serial number (the customer's own units only). */
export async function openRecallsOfSerials(container: Resolver, serialNumbers: string[], lotIds: string[]): Promise<Map<string, PublicRecall>> {
  if (!serialNumbers.length) {
    return new Map()
  }
  const links = await lotService(container).listRecallSerials({ serial_number: serialNumbers, lot_id: lotIds }, { relations: ["recall"] })
  return new Map(
    links.filter((l: any) => l.recall?.status === "open").map((l: any) => [l.serial_number, publicRecall(l.recall)])
  )
}

/**
 * The products of these inventory items that a storefront of these sales
 * channels sells, as `inventory_item_id -> product ids` (items sold in none
 * are absent). One statement over Medusa's variant-item and product-channel
 * links.
 */
async function productsInChannels(container: Resolver, itemIds: string[], salesChannelIds: string[]): Promise<Map<string, Set<string>>> {
  const visible = new Map<string, Set<string>>()
  if (!itemIds.length || !salesChannelIds.length) {
    return visible
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT DISTINCT link.inventory_item_id, pv.product_id
       FROM product_variant_inventory_item link
       JOIN product_variant pv ON pv.id = link.variant_id AND pv.deleted_at IS NULL
       JOIN product p ON p.id = pv.product_id AND p.deleted_at IS NULL
       JOIN product_sales_channel psc ON psc.product_id = p.id AND psc.deleted_at IS NULL
      WHERE link.deleted_at IS NULL
        AND link.inventory_item_id IN (${placeholders(itemIds)})
        AND psc.sales_channel_id IN (${placeholders(salesChannelIds)})`,
    [...itemIds, ...salesChannelIds]
  )
  for (const r of rows as { inventory_item_id: string; product_id: string }[]) {
    visible.set(r.inventory_item_id, (visible.get(r.inventory_item_id) ?? new Set()).add(r.product_id))
  }
  return visible
}

/**
 * Open recalls of a lot number as printed on the pack (case-insensitive,
 * whole number), with the products it concerns: the titles of the variants
 * of each recalled lot's inventory item.
 *
 * `sales_channel_ids` (the storefront's publishable key's channels): only
 * lots of items sold through one of them are disclosed, and only those
 * products are named; a lot of another channel's product answers as not
 * recalled, so one store's lookup never reveals another's catalogue or
 * recalls. A key without channels sees nothing. Left out (undefined): no
 * channel filter (internal callers).
 */
export async function openRecallsByLotNumber(container: Resolver, lotNumber: string, opts: { sales_channel_ids?: string[] } = {}) {
  const exact = escapeLike(lotNumber.trim())
  const links = (await lotService(container).listRecallLots(
    { lot_number: { $ilike: exact } },
    { relations: ["recall"], order: { created_at: "ASC" } }
  )) as any[]
  let open = links.filter((l) => l.recall?.status === "open")
  const channels = opts.sales_channel_ids
  const visible = channels ? await productsInChannels(container, [...new Set(open.map((l) => l.inventory_item_id as string))], channels) : null
  if (visible) {
    open = open.filter((l) => visible.has(l.inventory_item_id))
  }
  if (!open.length) {
    return []
  }
  const itemIds = [...new Set(open.map((l) => l.inventory_item_id))]
  const { data: items } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "inventory_item",
    fields: ["id", "title", "variants.title", "variants.sku", "variants.product.id", "variants.product.title"],
    filters: { id: itemIds },
  })
  const productsOf = new Map<string, { title: string | null; variant_title: string | null; sku: string | null }[]>(
    (items as any[]).map((item) => {
      // Through a storefront: only the variants of the products its channels sell.
      const variants = (item.variants ?? []).filter((v: any) => v && (!visible || visible.get(item.id)?.has(v.product?.id)))
      const products = variants.length
        ? variants.map((v: any) => ({ title: v.product?.title ?? item.title ?? null, variant_title: v.title ?? null, sku: v.sku ?? null }))
        : [{ title: item.title ?? null, variant_title: null, sku: null }]
      return [item.id, products]
    })
  )
  const byRecall = new Map<string, PublicRecall & { lot_numbers: string[]; products: { title: string | null; variant_title: string | null; sku: string | null }[] }>()
  for (const link of open) {
    const entry = byRecall.get(link.recall.id) ?? { ...publicRecall(link.recall), lot_numbers: [], products: [] }
    if (!entry.lot_numbers.includes(link.lot_number)) {
      entry.lot_numbers.push(link.lot_number)
    }
    for (const p of productsOf.get(link.inventory_item_id) ?? []) {
      if (!entry.products.some((x) => x.title === p.title && x.variant_title === p.variant_title && x.sku === p.sku)) {
        entry.products.push(p)
      }
    }
    byRecall.set(link.recall.id, entry)
  }
  return [...byRecall.values()]
}
