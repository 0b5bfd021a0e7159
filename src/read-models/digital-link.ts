import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { IStoreModuleService } from "@medusajs/framework/types"
import { isExpired } from "../lib/expiry"
import { gtinStoredForms, normalizeGtin, variantGtin } from "../lib/gtin"
import { LOT_CODE_PATTERN, lotCodeSql, normalizeLotCode } from "../lib/lot-code-match"
import { digitalLinkUrl, digitalLinkProblem, type DigitalLinkRequest } from "../lib/digital-link"
import { lotService } from "../modules/lot_tracking/resolve"
import { iso, pgConnection, placeholders, type Resolver } from "./pg"

/**
 * The consumer lot check behind a GS1 Digital Link (docs/RECALLS.md,
 * "Consumer lot check"): the store route and the plugin's page both answer
 * from `consumerLotCheck`, so a storefront and a printed QR code can never
 * disagree. It reads Medusa 2.21's `product`, `product_variant`,
 * `product_sales_channel` and `product_variant_inventory_item` tables and the
 * plugin's lots and recalls. What it answers is public: never a customer, an
 * order, a stock figure or a recall's internal reason.
 */

export type ConsumerLotStatus = "ok" | "recalled" | "expired" | "unknown_lot"

export type ConsumerRecall = {
  reference: string
  public_reason: string | null
  /** What the consumer should do with the product (the recall's `metadata.public_instructions`, else the plugin's default). */
  instructions: string
  opened_at: string
}

export type ConsumerLotCheck = {
  /** The product's GTIN as 14 digits. */
  gtin: string
  /** The batch/lot code as the link carries it (AI 10). */
  lot_code: string
  /** The serial (AI 21), when the link names one. */
  serial?: string
  status: ConsumerLotStatus
  product: { title: string | null; thumbnail: string | null; variant_title: string | null }
  /** The batch, when this shop knows it (null for "unknown_lot"). */
  lot: { lot_number: string; expires_at: string | null; expired: boolean; best_before: string | null } | null
  /** When the link carries an expiry date (AI 17): whether it is the batch's. */
  expiry_matches?: boolean
  recalled: boolean
  recall: ConsumerRecall | null
}

/** Said when the merchant gave the recall no instructions of its own. */
export const DEFAULT_RECALL_INSTRUCTIONS =
  "Stop using this product. Do not eat, drink, apply or give it to anyone. Keep it aside and contact the shop you bought it from for a refund or replacement."


type VariantRow = {
  variant_id: string
  variant_title: string | null
  product_title: string | null
  thumbnail: string | null
  barcode: string | null
  ean: string | null
  upc: string | null
  inventory_item_ids: string[]
}

/**
 * The variants whose barcode, EAN or UPC is this GTIN (compared as 14
 * digits), among products sold in one of the sales channels; oldest first.
 * The GTIN's stored forms are looked up in Medusa's unique indexes on the
 * three columns. A product outside the channels is not there at all.
 */
async function variantsByGtin(container: Resolver, gtin: string, salesChannelIds: readonly string[]): Promise<VariantRow[]> {
  if (!salesChannelIds.length) {
    return []
  }
  const forms = gtinStoredForms(gtin)
  const { rows } = await pgConnection(container).raw(
    `SELECT pv.id AS variant_id, pv.title AS variant_title, p.title AS product_title, p.thumbnail,
            pv.barcode, pv.ean, pv.upc,
            coalesce(array_agg(link.inventory_item_id ORDER BY link.required_quantity, link.inventory_item_id)
                     FILTER (WHERE link.inventory_item_id IS NOT NULL), '{}') AS inventory_item_ids
       FROM product_variant pv
       JOIN product p ON p.id = pv.product_id AND p.deleted_at IS NULL
       LEFT JOIN product_variant_inventory_item link ON link.variant_id = pv.id AND link.deleted_at IS NULL
      WHERE pv.deleted_at IS NULL
        AND (pv.barcode IN (${placeholders(forms)}) OR pv.ean IN (${placeholders(forms)}) OR pv.upc IN (${placeholders(forms)}))
        AND EXISTS (SELECT 1 FROM product_sales_channel psc
                     WHERE psc.product_id = p.id AND psc.deleted_at IS NULL
                       AND psc.sales_channel_id IN (${placeholders(salesChannelIds)}))
      GROUP BY pv.id, p.id
      ORDER BY pv.created_at, pv.id`,
    [...forms, ...forms, ...forms, ...salesChannelIds]
  )
  // The stored forms of a valid GTIN-14 are valid GTINs themselves; checked again so the rule stays in one place.
  return (rows as VariantRow[]).filter((v) => [v.barcode, v.ean, v.upc].some((code) => normalizeGtin(code) === gtin))
}

type LotRow = {
  id: string
  inventory_item_id: string
  lot_number: string
  expires_at: string | null
  best_before: string | null
  exact: boolean
  recall_reference: string | null
  recall_public_reason: string | null
  recall_metadata: Record<string, unknown> | null
  recall_opened_at: string | null
}

/**
 * The lots of these items whose lot number or supplier lot code is the
 * code, exactly or after `normalizeLotCode`; with the open recall over the
 * lot, or over the unit when a serial is given (a recall by serial), if any.
 * A recall limited to some locations or ship dates counts: the pack in the
 * consumer's hand may come from anywhere.
 */
async function lotsByCode(container: Resolver, itemIds: readonly string[], code: string, serial: string | null): Promise<LotRow[]> {
  if (!itemIds.length) {
    return []
  }
  const normalized = normalizeLotCode(code)
  const { rows } = await pgConnection(container).raw(
    `SELECT l.id, l.inventory_item_id, l.lot_number, l.expires_at, l.best_before,
            (l.lot_number = ? OR l.supplier_lot_code IS NOT DISTINCT FROM ?) AS exact,
            rc.reference AS recall_reference, rc.public_reason AS recall_public_reason,
            rc.metadata AS recall_metadata, rc.opened_at AS recall_opened_at
       FROM lot l
       LEFT JOIN LATERAL (
         SELECT r.reference, r.public_reason, r.metadata, r.opened_at
           FROM recall r
          WHERE r.status = 'open' AND r.deleted_at IS NULL
            AND (EXISTS (SELECT 1 FROM recall_lot rl WHERE rl.recall_id = r.id AND rl.lot_id = l.id AND rl.deleted_at IS NULL)
                 OR (?::text IS NOT NULL AND EXISTS (
                       SELECT 1 FROM recall_serial rs
                        WHERE rs.recall_id = r.id AND rs.lot_id = l.id AND rs.serial_number = ? AND rs.deleted_at IS NULL)))
          ORDER BY r.opened_at ASC, r.id LIMIT 1) rc ON true
      WHERE l.inventory_item_id IN (${placeholders(itemIds)}) AND l.deleted_at IS NULL
        AND (l.lot_number = ? OR l.supplier_lot_code = ?
             OR (? <> '' AND (${lotCodeSql("l.lot_number")} = ? OR ${lotCodeSql("coalesce(l.supplier_lot_code, '')")} = ?)))
      ORDER BY l.created_at, l.id`,
    [code, code, serial, serial, ...itemIds, code, code, normalized, LOT_CODE_PATTERN, normalized, LOT_CODE_PATTERN, normalized]
  )
  return rows as LotRow[]
}

/**
 * An exact match wins over a normalised one; among equals, a recalled lot
 * wins (safety first: two batches read alike, one is recalled), then the
 * oldest.
 */
function chooseLot(rows: LotRow[]): LotRow | null {
  const exact = rows.filter((r) => r.exact)
  const candidates = exact.length ? exact : rows
  return candidates.find((r) => r.recall_reference) ?? candidates[0] ?? null
}

function consumerRecall(row: LotRow): ConsumerRecall | null {
  if (!row.recall_reference) {
    return null
  }
  const custom = row.recall_metadata?.public_instructions
  return {
    reference: row.recall_reference,
    public_reason: row.recall_public_reason ?? null,
    instructions: typeof custom === "string" && custom.trim() ? custom.trim() : DEFAULT_RECALL_INSTRUCTIONS,
    opened_at: iso(row.recall_opened_at)!,
  }
}

/**
 * What a consumer holding the pack may know about it, for the products sold
 * in these sales channels; null when no product there has this GTIN (the
 * callers answer 404). The request is parsed already (`parseDigitalLink`).
 */
export async function consumerLotCheck(
  container: Resolver,
  link: DigitalLinkRequest,
  salesChannelIds: readonly string[]
): Promise<ConsumerLotCheck | null> {
  const variants = await variantsByGtin(container, link.gtin, salesChannelIds)
  if (!variants.length) {
    return null
  }
  const itemIds = [...new Set(variants.flatMap((v) => v.inventory_item_ids))]
  const rows = await lotsByCode(container, itemIds, link.lot, link.serial ?? null)
  const lot = chooseLot(rows)
  // The variant that stocks the chosen lot names the product; else the oldest with this GTIN.
  const variant = (lot && variants.find((v) => v.inventory_item_ids.includes(lot.inventory_item_id))) || variants[0]
  const today = await lotService(container).today()
  const expired = !!lot && isExpired(lot.expires_at, today)
  const recall = lot ? consumerRecall(lot) : null
  const answer: ConsumerLotCheck = {
    gtin: link.gtin,
    lot_code: link.lot,
    ...(link.serial !== undefined ? { serial: link.serial } : {}),
    status: !lot ? "unknown_lot" : recall ? "recalled" : expired ? "expired" : "ok",
    product: { title: variant.product_title ?? null, thumbnail: variant.thumbnail ?? null, variant_title: variant.variant_title ?? null },
    lot: lot ? { lot_number: lot.lot_number, expires_at: lot.expires_at ?? null, expired, best_before: lot.best_before ?? null } : null,
    recalled: !!recall,
    recall,
  }
  if (link.expires_at !== undefined) {
    answer.expiry_matches = !!lot && lot.expires_at === link.expires_at
  }
  return answer
}

/**
 * The sales channel a page without a publishable key answers for: the
 * store's default one (none: nothing is found).
 */
export async function defaultSalesChannelIds(container: Resolver): Promise<string[]> {
  const storeModule: IStoreModuleService = container.resolve(Modules.STORE)
  const stores = await storeModule.listStores({}, { select: ["id", "default_sales_channel_id"], take: 1, order: { created_at: "ASC" } })
  const id = stores[0]?.default_sales_channel_id
  return id ? [id] : []
}

export type LotDigitalLink = {
  /** The link to print: `{public_url}/lot/01/{gtin}/10/{lot}` (the plugin's page). */
  url: string
  gtin: string
  /** The batch code in the link: the lot number, or the supplier's code when AI 10 carries it. */
  lot_code: string
  /** Where the GTIN was read: `barcode`, `ean` or `upc` of the variant. */
  gtin_field: string
  variant_id: string
}

/**
 * A lot's GS1 Digital Link, for the admin's QR code: the GTIN of the variant
 * that stocks the lot's item (fewest units of it first, then the oldest, as
 * items are named everywhere) that has one. 404 for an unknown lot, 409 when
 * no variant has a valid GTIN or the code cannot be carried by a link.
 */
export async function lotDigitalLink(container: Resolver, lotId: string): Promise<LotDigitalLink> {
  const service = lotService(container)
  const [lot] = await service.listLots({ id: lotId }, { select: ["id", "lot_number", "supplier_lot_code", "inventory_item_id"], take: 1 })
  if (!lot) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${lotId} was not found`)
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT pv.id, pv.title, pv.barcode, pv.ean, pv.upc
       FROM product_variant_inventory_item link
       JOIN product_variant pv ON pv.id = link.variant_id AND pv.deleted_at IS NULL
      WHERE link.inventory_item_id = ? AND link.deleted_at IS NULL
      ORDER BY link.required_quantity ASC, pv.created_at ASC`,
    [lot.inventory_item_id]
  )
  const problems: string[] = []
  let found: { variant_id: string; gtin: string; field: string } | null = null
  for (const v of rows as { id: string; barcode: string | null; ean: string | null; upc: string | null }[]) {
    const read = variantGtin(v)
    if ("field" in read) {
      found = { variant_id: v.id, gtin: read.gtin, field: read.field }
      break
    }
    problems.push(...read.problems)
  }
  if (!found) {
    const why = !rows.length
      ? "no product variant stocks this lot's inventory item"
      : problems.length
        ? `its product variant has no valid GTIN (${problems.join("; ")})`
        : "its product variant has no barcode, EAN or UPC"
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `Lot ${lot.lot_number} has no GS1 Digital Link: ${why}. Enter the product's GTIN (8, 12, 13 or 14 digits) as the variant's barcode, EAN or UPC.`
    )
  }
  const { public_url, gs1_lot_is_supplier_code } = await service.getOptions()
  // The code printed on the pack: AI 10 carries the supplier's code when the plugin is set so.
  const lot_code = gs1_lot_is_supplier_code && lot.supplier_lot_code ? lot.supplier_lot_code : lot.lot_number
  const problem = digitalLinkProblem({ gtin: found.gtin, lot: lot_code })
  if (problem) {
    throw new MedusaError(MedusaError.Types.CONFLICT, `Lot ${lot.lot_number} has no GS1 Digital Link: ${problem}.`)
  }
  return {
    url: digitalLinkUrl(`${public_url}/lot`, { gtin: found.gtin, lot: lot_code }),
    gtin: found.gtin,
    lot_code,
    gtin_field: found.field,
    variant_id: found.variant_id,
  }
}
