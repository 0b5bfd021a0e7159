import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { HOLD_EXTERNAL_ID } from "../lib/lot-hold"
import { count, millis, money, rate, resolveKpiPeriod, splitAtUtcDays, type KpiPeriod } from "../lib/kpi-formulas"
import { lotService } from "../modules/lot_tracking/resolve"
import type LotTrackingService from "../modules/lot_tracking/service"
import { itemNames } from "./item-names"
import { pgConnection } from "./pg"
import { withoutJit } from "./shipments"

/**
 * The lot KPIs (definitions in docs/ARCHITECTURE.md), each computed by one SQL
 * statement over indexed columns of the plugin's tables and Medusa's own
 * (fulfillment, fulfillment_item, inventory_level, prices); the two that read
 * only the plugin's tables (counts, recall times) are the module's. These are
 * cross-module reads through the shared PostgreSQL connection: they assume the
 * modules share one database, as in Medusa's default setup.
 *
 * Traceability and lot accuracy read the rollups that triggers keep in the
 * same transaction as every write they summarize (migration
 * Migration20261201090000): shipments per (fulfilment, item), fulfilments per
 * UTC day, lot stock per (item, location). They are exact, never a cache; a
 * database without the fulfilment triggers is read from the base tables.
 */

export type Bounds = { start: string; end: string }

/** Mismatches and item lists are capped so the response stays small. */
export const KPI_LIST_LIMIT = 100

export async function computeLotKpis(container: MedusaContainer, query: { from?: string; to?: string }) {
  const service = lotService(container)
  const [options, today] = await Promise.all([service.getOptions(), service.today()])
  const resolved = resolveKpiPeriod(query, today)
  if ("error" in resolved) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, resolved.error)
  }
  const period = resolved.period
  const knex = pgConnection(container)
  const bounds = await periodBounds(knex, period, options.time_zone)

  const [traceability, lotAccuracy, inventoryAccuracy, expirationLoss, recallTime] = await Promise.all([
    traceabilityRate(knex, bounds),
    lotAccuracyRate(knex),
    inventoryAccuracyRate(service, bounds),
    expirationLossRate(knex, bounds),
    recallTimes(service, bounds),
  ])

  const names = await describe(container, {
    items: [
      ...traceability.untraced_items.map((i) => i.inventory_item_id),
      ...lotAccuracy.mismatches.map((m) => m.inventory_item_id),
      ...expirationLoss.items.map((i) => i.inventory_item_id),
    ],
    locations: lotAccuracy.mismatches.map((m) => m.location_id),
  })
  const withSku = <T extends { inventory_item_id: string }>(row: T) => {
    const item = names.items.get(row.inventory_item_id)
    return { ...row, sku: item?.sku ?? null, item_label: item?.label ?? null }
  }

  return {
    period: { ...period, time_zone: options.time_zone, start: bounds.start, end: bounds.end },
    traceability_rate: { ...traceability, untraced_items: traceability.untraced_items.map(withSku) },
    lot_accuracy_rate: {
      ...lotAccuracy,
      mismatches: lotAccuracy.mismatches.map((m) => ({ ...withSku(m), location_name: names.locations.get(m.location_id) ?? null })),
    },
    inventory_accuracy_rate: inventoryAccuracy,
    expiration_loss: { ...expirationLoss, items: expirationLoss.items.map(withSku) },
    recall_time: recallTime,
  }
}

/** [start, end) of the period: midnight of `from` to midnight after `to`, in the plugin's time zone. */
async function periodBounds(knex: Knex, period: KpiPeriod, timeZone: string): Promise<Bounds> {
  const { rows } = await knex.raw(
    `SELECT CAST(? AS date)::timestamp AT TIME ZONE ? AS start,
            (CAST(? AS date) + 1)::timestamp AT TIME ZONE ? AS "end"`,
    [period.from, timeZone, period.to, timeZone]
  )
  return { start: new Date(rows[0].start).toISOString(), end: new Date(rows[0].end).toISOString() }
}

/** The untraced items' part of the traceability answer, from `per_item` (item, shipped_units, units_with_lot). */
const UNTRACED_ITEMS = `(SELECT coalesce(json_agg(u), '[]'::json) FROM (
               SELECT inventory_item_id, shipped_units, units_with_lot
                 FROM per_item WHERE units_with_lot < shipped_units
                ORDER BY shipped_units - units_with_lot DESC, inventory_item_id
                LIMIT ${KPI_LIST_LIMIT}) u) AS untraced_items`

const TRACKED_NOW = (item: string) =>
  `EXISTS (SELECT 1 FROM lot_tracking_policy p WHERE p.inventory_item_id = ${item} AND p.tracked AND p.deleted_at IS NULL)`

/**
 * The traceability statement (exported for EXPLAIN in the benchmark). From
 * the rollups: per item, the shipments of the period in `lot_kpi_shipment`
 * (one row per fulfilment and item, units shipped and units with a lot
 * already capped; an index-only range scan), kept for items tracked now; the
 * distinct fulfilments from the day counts plus the ends of the period. From
 * the base tables (`rollups` false): per fulfilment of the period, its
 * fulfilment items and fulfilled allocations by index probes.
 */
export function traceabilitySql(b: Bounds, rollups: boolean): { sql: string; bindings: string[] } {
  if (rollups) {
    const { days, ends } = splitAtUtcDays(b)
    return {
      sql: `WITH per_item AS (
         SELECT s.inventory_item_id, s.shipped_units, s.units_with_lot
           FROM (SELECT inventory_item_id, sum(shipped_units) AS shipped_units, sum(units_with_lot) AS units_with_lot
                   FROM lot_kpi_shipment
                  WHERE fulfillment_created_at >= ? AND fulfillment_created_at < ?
                  GROUP BY inventory_item_id) s
          WHERE ${TRACKED_NOW("s.inventory_item_id")}
       )
       SELECT (SELECT coalesce(sum(fulfillments), 0) FROM lot_kpi_fulfillment_day WHERE day >= ?::date AND day < ?::date)
              + (SELECT count(DISTINCT s.fulfillment_id) FROM lot_kpi_shipment s
                  WHERE ((s.fulfillment_created_at >= ? AND s.fulfillment_created_at < ?)
                      OR (s.fulfillment_created_at >= ? AND s.fulfillment_created_at < ?))
                    AND ${TRACKED_NOW("s.inventory_item_id")}) AS fulfillments,
              coalesce(sum(shipped_units), 0) AS shipped_units,
              coalesce(sum(units_with_lot), 0) AS units_with_lot,
              ${UNTRACED_ITEMS}
         FROM per_item`,
      bindings: [b.start, b.end, days[0], days[1], ends[0][0], ends[0][1], ends[1][0], ends[1][1]],
    }
  }
  return {
    sql: `WITH shipped AS (
       -- Per fulfilment of the period: its units per tracked item and the units the plugin
       -- recorded a lot for (index probes on fulfillment_item and lot_allocation by
       -- fulfillment_id, so the work follows the period, not the whole history).
       SELECT f.id AS fulfillment_id, s.inventory_item_id, s.units,
              least(s.units, coalesce(r.units, 0)) AS units_with_lot
         FROM fulfillment f
         CROSS JOIN LATERAL (
           SELECT fi.inventory_item_id, sum(fi.quantity) AS units
             FROM fulfillment_item fi
            WHERE fi.fulfillment_id = f.id AND fi.deleted_at IS NULL AND fi.inventory_item_id IS NOT NULL
            GROUP BY fi.inventory_item_id
         ) s
         JOIN lot_tracking_policy p
           ON p.inventory_item_id = s.inventory_item_id AND p.tracked AND p.deleted_at IS NULL
         LEFT JOIN LATERAL (
           SELECT sum(a.quantity) AS units
             FROM lot_allocation a
            WHERE a.fulfillment_id = f.id AND a.inventory_item_id = s.inventory_item_id
              AND a.status = 'fulfilled' AND a.deleted_at IS NULL
         ) r ON true
        WHERE f.deleted_at IS NULL AND f.canceled_at IS NULL
          AND f.created_at >= ? AND f.created_at < ?
     ), per_item AS (
       SELECT inventory_item_id, sum(units) AS shipped_units, sum(units_with_lot) AS units_with_lot
         FROM shipped
        GROUP BY inventory_item_id
     )
     SELECT (SELECT count(DISTINCT fulfillment_id) FROM shipped) AS fulfillments,
            coalesce(sum(shipped_units), 0) AS shipped_units,
            coalesce(sum(units_with_lot), 0) AS units_with_lot,
            ${UNTRACED_ITEMS}
       FROM per_item`,
    bindings: [b.start, b.end],
  }
}

/**
 * Whether the migration installed the triggers that keep the shipment
 * rollups (it does when Medusa's fulfilment tables exist, as in every app).
 * Remembered per connection pool once seen: triggers are not removed at run time.
 */
const rollupsSeen = new WeakSet<object>()
export async function shipmentRollupsInstalled(knex: Knex): Promise<boolean> {
  if (rollupsSeen.has(knex)) {
    return true
  }
  const { rows } = await knex.raw(
    `SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'lot_kpi_fulfillment_item_inserted' AND NOT tgisinternal) AS installed`
  )
  if (rows[0].installed) {
    rollupsSeen.add(knex)
  }
  return Boolean(rows[0].installed)
}

/**
 * Units of tracked items shipped with a recorded lot / all units of tracked
 * items shipped. Shipped: Medusa's fulfillment items of items tracked now, in
 * fulfilments created in the period and not canceled. With a lot: the
 * plugin's fulfilled allocations of those fulfilments (capped per fulfilment
 * and item at the units shipped).
 */
export async function traceabilityRate(knex: Knex, b: Bounds, options: { rollups?: boolean } = {}) {
  const rollups = options.rollups ?? (await shipmentRollupsInstalled(knex))
  const { sql, bindings } = traceabilitySql(b, rollups)
  const { rows } = await withoutJit(knex, (trx) => trx.raw(sql, bindings))
  const r = rows[0]
  const shipped = count(r.shipped_units)
  const withLot = count(r.units_with_lot)
  return {
    rate: rate(withLot, shipped),
    units_with_lot: withLot,
    shipped_units: shipped,
    fulfillments: count(r.fulfillments),
    untraced_items: (r.untraced_items as any[]).map((u) => ({
      inventory_item_id: u.inventory_item_id as string,
      shipped_units: count(u.shipped_units),
      units_with_lot: count(u.units_with_lot),
    })),
  }
}

/**
 * The lot accuracy statement (exported for EXPLAIN in the benchmark). Lot
 * stock per (item, location) comes from `lot_kpi_stock` (live stock rows of
 * live lots, kept by triggers on lot_stock and lot; a pair exists while it
 * has a stock row, `lot_stocks > 0`), not from a sum over every lot.
 */
export function lotAccuracySql(): { sql: string; bindings: string[] } {
  return {
    sql: `WITH tracked AS (
       SELECT inventory_item_id FROM lot_tracking_policy WHERE tracked AND deleted_at IS NULL
     ), levels AS (
       SELECT il.inventory_item_id, il.location_id, il.stocked_quantity, il.reserved_quantity
         FROM tracked t
         JOIN inventory_level il ON il.inventory_item_id = t.inventory_item_id AND il.deleted_at IS NULL
     ), lots AS (
       SELECT k.inventory_item_id, k.location_id, k.stocked_quantity AS lot_stocked
         FROM tracked t
         JOIN lot_kpi_stock k ON k.inventory_item_id = t.inventory_item_id
        WHERE k.lot_stocks > 0
     ), promised AS (
       SELECT inventory_item_id, location_id, sum(quantity) AS units FROM (
         SELECT a.inventory_item_id, a.location_id, a.quantity
           FROM tracked t JOIN lot_allocation a ON a.inventory_item_id = t.inventory_item_id
          WHERE a.status = 'reserved' AND a.deleted_at IS NULL
         UNION ALL
         SELECT f.inventory_item_id, f.location_id, f.quantity
           FROM tracked t JOIN lot_shortfall f ON f.inventory_item_id = t.inventory_item_id
          WHERE f.deleted_at IS NULL
         UNION ALL
         SELECT r.inventory_item_id, r.location_id, r.quantity
           FROM tracked t JOIN reservation_item r ON r.inventory_item_id = t.inventory_item_id
          WHERE r.external_id = ? AND r.deleted_at IS NULL
       ) u GROUP BY inventory_item_id, location_id
     ), pairs AS (
       SELECT coalesce(v.inventory_item_id, o.inventory_item_id) AS inventory_item_id,
              coalesce(v.location_id, o.location_id) AS location_id,
              coalesce(v.stocked_quantity, 0) AS level_stocked,
              coalesce(o.lot_stocked, 0) AS lot_stocked,
              coalesce(v.reserved_quantity, 0) AS level_reserved,
              coalesce(p.units, 0) AS lot_reserved
         FROM levels v
         FULL JOIN lots o ON o.inventory_item_id = v.inventory_item_id AND o.location_id = v.location_id
         LEFT JOIN promised p ON p.inventory_item_id = coalesce(v.inventory_item_id, o.inventory_item_id)
                             AND p.location_id = coalesce(v.location_id, o.location_id)
     )
     SELECT count(*) AS pairs,
            count(*) FILTER (WHERE level_stocked = lot_stocked AND level_reserved = lot_reserved) AS matching_pairs,
            coalesce(sum(abs(level_stocked - lot_stocked)), 0) AS mismatched_units,
            coalesce(sum(abs(level_reserved - lot_reserved)), 0) AS mismatched_reserved_units,
            (SELECT coalesce(json_agg(m), '[]'::json) FROM (
               SELECT inventory_item_id, location_id, lot_stocked, level_stocked, lot_reserved, level_reserved
                 FROM pairs WHERE level_stocked <> lot_stocked OR level_reserved <> lot_reserved
                ORDER BY abs(level_stocked - lot_stocked) + abs(level_reserved - lot_reserved) DESC, inventory_item_id, location_id
                LIMIT ${KPI_LIST_LIMIT}) m) AS mismatches
       FROM pairs`,
    bindings: [HOLD_EXTERNAL_ID],
  }
}

/**
 * Tracked (item, location) pairs whose books balance / all tracked pairs (a
 * level, lot stock, or both). Balanced means both equations hold: lot stock
 * adds up to Medusa's stocked quantity, and reserved lot allocations +
 * recorded shortfalls + the plugin's hold add up to Medusa's reserved
 * quantity. A point-in-time figure (now), not a period one. Mismatches are
 * stock or reservations changed outside the plugin, biggest first.
 */
async function lotAccuracyRate(knex: Knex) {
  const { sql, bindings } = lotAccuracySql()
  const { rows } = await withoutJit(knex, (trx) => trx.raw(sql, bindings))
  const r = rows[0]
  const pairs = count(r.pairs)
  const matching = count(r.matching_pairs)
  return {
    rate: rate(matching, pairs),
    matching_pairs: matching,
    pairs,
    mismatched_pairs: pairs - matching,
    mismatched_units: count(r.mismatched_units),
    mismatched_reserved_units: count(r.mismatched_reserved_units),
    as_of: new Date().toISOString(),
    mismatches: (r.mismatches as any[]).map((m) => ({
      inventory_item_id: m.inventory_item_id as string,
      location_id: m.location_id as string,
      lot_stocked: count(m.lot_stocked),
      level_stocked: count(m.level_stocked),
      /** Units in Medusa's level that no lot holds (negative: lots hold more than the level). */
      unassigned: count(m.level_stocked) - count(m.lot_stocked),
      /** Reserved lot allocations + shortfalls + the hold. */
      lot_reserved: count(m.lot_reserved),
      level_reserved: count(m.level_reserved),
      /** Units Medusa holds reserved that no lot allocation, shortfall or hold explains (negative: the plugin counts more). */
      unexplained_reserved: count(m.level_reserved) - count(m.lot_reserved),
    })),
  }
}

/**
 * Cycle counts (movements `adjusted`, metadata { counted, previous }) in the
 * period that found the system quantity / all counts, with the absolute and
 * net unit variance.
 */
async function inventoryAccuracyRate(service: LotTrackingService, b: Bounds) {
  const r = await service.countFigures(b)
  const counts = count(r.counts)
  const matched = count(r.matched)
  return {
    rate: rate(matched, counts),
    matched_counts: matched,
    counts,
    absolute_variance: count(r.absolute_variance),
    net_variance: count(r.net_variance),
    system_units: count(r.system_units),
    counted_units: count(r.counted_units),
  }
}

/**
 * Units written off as expired / units received, in the period (ledger), and
 * their value at the variant's price: the lowest plain price (no price list,
 * no rules) in the store's default currency of a variant using the item,
 * divided by the units of the item the variant needs.
 */
async function expirationLossRate(knex: Knex, b: Bounds) {
  const { rows } = await withoutJit(knex, (trx) => trx.raw(
    `WITH moves AS (
       SELECT m.inventory_item_id,
              coalesce(sum(-m.quantity) FILTER (WHERE m.type = 'written_off' AND m.reason = 'expired'), 0) AS expired_units,
              coalesce(sum(m.quantity) FILTER (WHERE m.type = 'received'), 0) AS received_units
         FROM lot_movement m
        WHERE m.type IN ('written_off', 'received') AND m.deleted_at IS NULL
          AND m.created_at >= ? AND m.created_at < ?
        GROUP BY m.inventory_item_id
     ), currency AS (
       SELECT sc.currency_code
         FROM store_currency sc JOIN store s ON s.id = sc.store_id AND s.deleted_at IS NULL
        WHERE sc.is_default AND sc.deleted_at IS NULL
        ORDER BY s.created_at LIMIT 1
     ), unit_price AS (
       SELECT mv.inventory_item_id, min(pr.amount / nullif(pvi.required_quantity, 0)) AS unit_price
         FROM moves mv
         JOIN product_variant_inventory_item pvi ON pvi.inventory_item_id = mv.inventory_item_id AND pvi.deleted_at IS NULL
         JOIN product_variant v ON v.id = pvi.variant_id AND v.deleted_at IS NULL
         JOIN product_variant_price_set pvps ON pvps.variant_id = v.id AND pvps.deleted_at IS NULL
         JOIN price pr ON pr.price_set_id = pvps.price_set_id AND pr.deleted_at IS NULL
                      AND pr.price_list_id IS NULL AND coalesce(pr.rules_count, 0) = 0
                      AND pr.min_quantity IS NULL AND pr.max_quantity IS NULL
         JOIN currency c ON c.currency_code = pr.currency_code
        WHERE mv.expired_units > 0
        GROUP BY mv.inventory_item_id
     )
     SELECT mv.inventory_item_id, mv.expired_units, mv.received_units, up.unit_price,
            (SELECT currency_code FROM currency) AS currency_code
       FROM moves mv LEFT JOIN unit_price up ON up.inventory_item_id = mv.inventory_item_id
      ORDER BY mv.expired_units DESC, mv.inventory_item_id`,
    [b.start, b.end]
  ))
  let expired = 0
  let received = 0
  let value = 0
  let priced = 0
  const items: { inventory_item_id: string; expired_units: number; unit_price: number | null; value: number | null }[] = []
  for (const r of rows as any[]) {
    const units = count(r.expired_units)
    expired += units
    received += count(r.received_units)
    if (units <= 0) {
      continue
    }
    const unitPrice = r.unit_price === null ? null : Number(r.unit_price)
    if (unitPrice !== null) {
      value += units * unitPrice
      priced += units
    }
    items.push({
      inventory_item_id: r.inventory_item_id,
      expired_units: units,
      unit_price: money(unitPrice),
      value: unitPrice === null ? null : money(units * unitPrice),
    })
  }
  const currency = (rows as any[])[0]?.currency_code ?? null
  return {
    rate: rate(expired, received),
    expired_units: expired,
    received_units: received,
    value: {
      amount: priced > 0 ? money(value) : null,
      currency_code: currency,
      priced_units: priced,
      unpriced_units: expired - priced,
    },
    items: items.slice(0, KPI_LIST_LIMIT),
  }
}

/**
 * Recalls opened in the period: time from opening to the complete list of
 * affected orders (`recall_time_ms`) and from opening to every notice sent
 * (`all_notified_at`), median and maximum over the recalls that got there.
 */
async function recallTimes(service: LotTrackingService, b: Bounds) {
  const r = await service.recallTimeFigures(b)
  return {
    recalls: count(r.recalls),
    listed: count(r.listed),
    median_recall_time_ms: millis(r.median_ms),
    max_recall_time_ms: millis(r.max_ms),
    notified: count(r.notified),
    median_time_to_notify_ms: millis(r.median_notify_ms),
    max_time_to_notify_ms: millis(r.max_notify_ms),
  }
}

/** SKUs and labels of the items, names of the locations: one query each. */
async function describe(container: MedusaContainer, ids: { items: string[]; locations: string[] }) {
  const locations = [...new Set(ids.locations)]
  const [items, locationRows] = await Promise.all([
    itemNames(container, ids.items),
    locations.length
      ? container.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: locations }, { select: ["id", "name"] })
      : [],
  ])
  return {
    items,
    locations: new Map<string, string>(locationRows.map((l: any): [string, string] => [l.id, l.name])),
  }
}
