import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { escapeLike } from "../../lib/like"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { Resolver } from "../../read-models/pg"

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
 * Open recalls of a lot number as printed on the pack (case-insensitive,
 * whole number), with the products it concerns: the titles of the variants
 * of each recalled lot's inventory item.
 */
export async function openRecallsByLotNumber(container: Resolver, lotNumber: string) {
  const exact = escapeLike(lotNumber.trim())
  const links = (await lotService(container).listRecallLots(
    { lot_number: { $ilike: exact } },
    { relations: ["recall"], order: { created_at: "ASC" } }
  )) as any[]
  const open = links.filter((l) => l.recall?.status === "open")
  if (!open.length) {
    return []
  }
  const itemIds = [...new Set(open.map((l) => l.inventory_item_id))]
  const { data: items } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "inventory_item",
    fields: ["id", "title", "variants.title", "variants.sku", "variants.product.title"],
    filters: { id: itemIds },
  })
  const productsOf = new Map<string, { title: string | null; variant_title: string | null; sku: string | null }[]>(
    (items as any[]).map((item) => {
      const variants = (item.variants ?? []).filter(Boolean)
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
