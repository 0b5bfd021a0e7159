import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { HOLD_EXTERNAL_ID } from "../lib/lot-hold"
import { addDays, type CalendarDate } from "../lib/calendar-date"
import { count, millis, money, rate, resolveKpiPeriod, splitAtUtcDays, type KpiPeriod } from "../lib/kpi-formulas"
import { MOVEMENT_TYPES } from "../modules/lot_tracking/models/lot-movement"
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
 * same transaction as every write they summarize (migrations
 * Migration20261201090000 and Migration20261201210000): shipments per
 * (fulfilment, item) with the item's tracking at shipment, fulfilments per
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
    expirationLossRate(knex, bounds, { period, today, time_zone: options.time_zone }),
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

/**
 * The traceability statement (exported for EXPLAIN in the benchmark). From
 * the rollups: per item, the shipments of the period in `lot_kpi_shipment`
 * (one row per fulfilment and item, units shipped and units with a lot
 * already capped; an index-only range scan), kept where the item was tracked
 * when it shipped (`tracked`, recorded by the trigger at the first write of
 * the row, Migration20261201210000); the distinct fulfilments from the day
 * counts plus the ends of the period. From the base tables (`rollups` false,
 * a database without Medusa's fulfilment tables at migration time): per
 * fulfilment of the period, its fulfilment items and fulfilled allocations by
 * index probes, for items tracked now (nothing else records the past there).
 */
export function traceabilitySql(b: Bounds, rollups: boolean): { sql: string; bindings: string[] } {
  if (rollups) {
    const { days, ends } = splitAtUtcDays(b)
    return {
      sql: `WITH per_item AS (
         SELECT s.inventory_item_id, s.shipped_units, s.units_with_lot
           FROM (SELECT inventory_item_id, sum(shipped_units) AS shipped_units, sum(units_with_lot) AS units_with_lot
                   FROM lot_kpi_shipment
                  WHERE fulfillment_created_at >= ? AND fulfillment_created_at < ? AND tracked
                  GROUP BY inventory_item_id) s
       )
       SELECT (SELECT coalesce(sum(fulfillments), 0) FROM lot_kpi_fulfillment_day WHERE day >= ?::date AND day < ?::date)
              + (SELECT count(DISTINCT s.fulfillment_id) FROM lot_kpi_shipment s
                  WHERE ((s.fulfillment_created_at >= ? AND s.fulfillment_created_at < ?)
                      OR (s.fulfillment_created_at >= ? AND s.fulfillment_created_at < ?))
                    AND s.tracked) AS fulfillments,
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
 * items shipped. Shipped: Medusa's fulfillment items of items that were
 * lot-tracked when they shipped, in fulfilments created in the period and
 * not canceled. With a lot: the plugin's fulfilled allocations of those
 * fulfilments (capped per fulfilment and item at the units shipped).
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
     ), held AS (
       -- Pairs that hold something on either side: an empty pair (0 everywhere) is not a match to count.
       SELECT * FROM pairs WHERE level_stocked <> 0 OR lot_stocked <> 0 OR level_reserved <> 0 OR lot_reserved <> 0
     )
     SELECT count(*) AS pairs,
            count(*) FILTER (WHERE level_stocked = lot_stocked AND level_reserved = lot_reserved) AS matching_pairs,
            coalesce(sum(abs(level_stocked - lot_stocked)), 0) AS mismatched_units,
            coalesce(sum(abs(level_reserved - lot_reserved)), 0) AS mismatched_reserved_units,
            (SELECT coalesce(json_agg(m), '[]'::json) FROM (
               SELECT inventory_item_id, location_id, lot_stocked, level_stocked, lot_reserved, level_reserved
                 FROM held WHERE level_stocked <> lot_stocked OR level_reserved <> lot_reserved
                ORDER BY abs(level_stocked - lot_stocked) + abs(level_reserved - lot_reserved) DESC, inventory_item_id, location_id
                LIMIT ${KPI_LIST_LIMIT}) m) AS mismatches
       FROM held`,
    bindings: [HOLD_EXTERNAL_ID],
  }
}

/**
 * Tracked (item, location) pairs whose books balance / tracked pairs that
 * hold stock or reservations (units stocked in lots or in Medusa's level, or
 * units reserved on either side; a pair with nothing anywhere is left out, so
 * empty pairs cannot pass for matches). Balanced means both equations hold:
 * lot stock adds up to Medusa's stocked quantity, and reserved lot
 * allocations + recorded shortfalls + the plugin's hold add up to Medusa's
 * reserved quantity. A point-in-time figure (now), not a period one.
 * Mismatches are stock or reservations changed outside the plugin, biggest first.
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

/** The store's default currency (the oldest store's `is_default` supported currency). */
const STORE_CURRENCY_SQL = `SELECT sc.currency_code
   FROM store_currency sc JOIN store s ON s.id = sc.store_id AND s.deleted_at IS NULL
  WHERE sc.is_default AND sc.deleted_at IS NULL
  ORDER BY s.created_at LIMIT 1`

/** Ledger types whose quantity is a change of stocked units (reservations move reserved units only). */
const STOCK_MOVEMENT_TYPES = MOVEMENT_TYPES.filter((t) => t !== "reserved" && t !== "released")

/** Where the loss of a unit is priced from: the lot's unit cost at receipt, else the variant's price. */
type LossRow = {
  inventory_item_id: string
  how: "expired" | "written_off"
  cost_currency: string | null
  units: string
  cost: string | null
  unit_price: string | null
}

type ItemLoss = {
  inventory_item_id: string
  expired_units: number
  expired_on_hand_units: number
  written_off_units: number
  available_units: number
  rate: number | null
  at_cost_units: number
  at_price_units: number
  unvalued_units: number
  /** The variant's unit price in the store's default currency (null without one). */
  unit_price: number | null
  amounts: { currency_code: string; amount: number }[]
}

/**
 * The expiration loss statements (exported for EXPLAIN and tests): the lost
 * units per item, how and at which value, and the units available per item.
 *
 * A unit is lost to expiry once: when its lot expires with it on hand (at
 * the merchant's midnight after `expires_at`; on hand then = the lot's stock
 * now minus its stock movements since), or when it is written off with the
 * reason "expired" while its lot has not expired yet (or has no expiry
 * date). A write-off as expired after the lot expired counts only for units
 * beyond those on hand at expiry (units that came back or arrived after the
 * date), so nothing is counted twice, across periods too. Only expiries that
 * have happened count (up to now).
 *
 * Available: units on hand in lots at the start of the period (stock now
 * minus the stock movements since the start) + units received in the period
 * (receipts and opening balances).
 */
export function expirationLossSql(
  b: Bounds,
  p: { period: KpiPeriod; today: CalendarDate; time_zone: string }
): { losses: { sql: string; bindings: (string | number)[] }; available: { sql: string; bindings: (string | number)[] } } {
  // Lots whose expiry moment E (midnight after expires_at) is in [start, min(end, now)]:
  // from - 1 <= expires_at <= min(to, today) - 1 (calendar dates, compared as ISO text on the index).
  const firstExpiry = addDays(p.period.from, -1)
  const lastExpiry = addDays(p.period.to < p.today ? p.period.to : p.today, -1)
  const stockTypes = STOCK_MOVEMENT_TYPES.map(() => "?").join(", ")
  const expiredAt = (lot: string) => `(CAST(${lot}.expires_at AS date) + 1)::timestamp AT TIME ZONE ?`
  const writtenOffExpired = (m: string) => `${m}.type = 'written_off' AND ${m}.reason = 'expired' AND ${m}.deleted_at IS NULL`
  return {
    losses: {
      sql: `WITH currency AS (${STORE_CURRENCY_SQL}), expired_lots AS (
       -- Lots that expired in the period, and lots written off as expired in the period after their date.
       SELECT l.id FROM lot l WHERE l.deleted_at IS NULL AND l.expires_at >= ? AND l.expires_at <= ?
       UNION
       SELECT m.lot_id FROM lot_movement m JOIN lot l ON l.id = m.lot_id
        WHERE ${writtenOffExpired("m")} AND m.created_at >= ? AND m.created_at < ?
          AND l.expires_at IS NOT NULL AND m.created_at >= ${expiredAt("l")}
     ), at_expiry AS (
       SELECT l.inventory_item_id, l.unit_cost, l.unit_cost_currency_code, x.expired_at,
              greatest(0, coalesce(st.units, 0) - coalesce(mv.units, 0)) AS on_hand,
              coalesce(mv.written_off_before, 0) AS written_off_before, coalesce(mv.written_off_in, 0) AS written_off_in
         FROM expired_lots e
         JOIN lot l ON l.id = e.id
         CROSS JOIN LATERAL (SELECT ${expiredAt("l")} AS expired_at) x
         LEFT JOIN LATERAL (
           SELECT sum(s.stocked_quantity) AS units FROM lot_stock s WHERE s.lot_id = l.id AND s.deleted_at IS NULL
         ) st ON true
         LEFT JOIN LATERAL (
           -- Since the expiry: the stock movements, and the write-offs as expired before and in the period.
           SELECT sum(m.quantity) FILTER (WHERE m.type IN (${stockTypes})) AS units,
                  sum(-m.quantity) FILTER (WHERE ${writtenOffExpired("m")} AND m.created_at < ?) AS written_off_before,
                  sum(-m.quantity) FILTER (WHERE ${writtenOffExpired("m")} AND m.created_at >= ? AND m.created_at < ?) AS written_off_in
             FROM lot_movement m
            WHERE m.lot_id = l.id AND m.created_at >= x.expired_at AND m.deleted_at IS NULL
         ) mv ON true
     ), lost AS (
       SELECT inventory_item_id, unit_cost, unit_cost_currency_code, 'expired' AS how,
              CASE WHEN expired_at >= ? AND expired_at < ? AND expired_at <= now() THEN on_hand ELSE 0 END AS units
         FROM at_expiry
       UNION ALL
       SELECT inventory_item_id, unit_cost, unit_cost_currency_code, 'written_off',
              greatest(0, written_off_before + written_off_in - on_hand) - greatest(0, written_off_before - on_hand)
         FROM at_expiry
       UNION ALL
       SELECT l.inventory_item_id, l.unit_cost, l.unit_cost_currency_code, 'written_off', -m.quantity
         FROM lot_movement m JOIN lot l ON l.id = m.lot_id
        WHERE ${writtenOffExpired("m")} AND m.created_at >= ? AND m.created_at < ?
          AND (l.expires_at IS NULL OR m.created_at < ${expiredAt("l")})
     ), losses AS (
       SELECT inventory_item_id, how,
              CASE WHEN unit_cost IS NULL THEN NULL
                   ELSE lower(coalesce(unit_cost_currency_code, (SELECT currency_code FROM currency))) END AS cost_currency,
              sum(units) AS units, sum(units * unit_cost) AS cost
         FROM lost WHERE units > 0
        GROUP BY 1, 2, 3
     ), unit_price AS (
       -- Units without a cost are valued at the lowest plain price (no price list, no rules) in the
       -- store's default currency of a variant using the item, per unit of the item.
       SELECT pvi.inventory_item_id, min(pr.amount / nullif(pvi.required_quantity, 0)) AS unit_price
         FROM (SELECT DISTINCT inventory_item_id FROM losses WHERE cost_currency IS NULL) lo
         JOIN product_variant_inventory_item pvi ON pvi.inventory_item_id = lo.inventory_item_id AND pvi.deleted_at IS NULL
         JOIN product_variant v ON v.id = pvi.variant_id AND v.deleted_at IS NULL
         JOIN product_variant_price_set pvps ON pvps.variant_id = v.id AND pvps.deleted_at IS NULL
         JOIN price pr ON pr.price_set_id = pvps.price_set_id AND pr.deleted_at IS NULL
                      AND pr.price_list_id IS NULL AND coalesce(pr.rules_count, 0) = 0
                      AND pr.min_quantity IS NULL AND pr.max_quantity IS NULL
         JOIN currency c ON c.currency_code = pr.currency_code
        GROUP BY pvi.inventory_item_id
     )
     SELECT lo.inventory_item_id, lo.how, lo.cost_currency, lo.units, lo.cost, up.unit_price
       FROM losses lo LEFT JOIN unit_price up ON up.inventory_item_id = lo.inventory_item_id
      ORDER BY lo.inventory_item_id, lo.how, lo.cost_currency`,
      bindings: [
        firstExpiry, lastExpiry,
        b.start, b.end, p.time_zone,
        p.time_zone,
        ...STOCK_MOVEMENT_TYPES, b.start, b.start, b.end,
        b.start, b.end,
        b.start, b.end, p.time_zone,
      ],
    },
    available: {
      sql: `WITH now_stock AS (
       SELECT inventory_item_id, sum(stocked_quantity) AS units FROM lot_kpi_stock WHERE lot_stocks > 0 GROUP BY inventory_item_id
     ), since AS (
       SELECT m.inventory_item_id, sum(m.quantity) AS since_start,
              coalesce(sum(m.quantity) FILTER (WHERE m.type IN ('received', 'opening_balance') AND m.created_at < ?), 0) AS received
         FROM lot_movement m
        WHERE m.type IN (${stockTypes}) AND m.created_at >= ? AND m.deleted_at IS NULL
        GROUP BY m.inventory_item_id
     )
     SELECT coalesce(n.inventory_item_id, s.inventory_item_id) AS inventory_item_id,
            greatest(0, coalesce(n.units, 0) - coalesce(s.since_start, 0)) AS on_hand_at_start,
            coalesce(s.received, 0) AS received_units
       FROM now_stock n FULL JOIN since s ON s.inventory_item_id = n.inventory_item_id`,
      bindings: [b.end, ...STOCK_MOVEMENT_TYPES, b.start],
    },
  }
}

/**
 * Units lost to expiry in the period (expired on hand, or written off as
 * expired before they expired) / units available in the period, with their
 * value: per unit, the lot's unit cost given at receipt where there is one
 * (in its currency), else the variant's price in the store's default
 * currency; each currency rounded to its minor unit. Defined in
 * docs/ARCHITECTURE.md ("KPIs"); see `expirationLossSql`.
 */
export async function expirationLossRate(
  knex: Knex,
  b: Bounds,
  p: { period: KpiPeriod; today: CalendarDate; time_zone: string }
) {
  const { losses, available } = expirationLossSql(b, p)
  const [lossRows, availableRows, currencyRows] = await withoutJit(knex, (trx) =>
    Promise.all([trx.raw(losses.sql, losses.bindings), trx.raw(available.sql, available.bindings), trx.raw(STORE_CURRENCY_SQL)])
  ).then((r: any[]) => [r[0].rows as LossRow[], r[1].rows as any[], r[2].rows as { currency_code: string }[]])

  let onHandAtStart = 0
  let received = 0
  const availableByItem = new Map<string, number>()
  for (const r of availableRows) {
    const start = count(r.on_hand_at_start)
    const inPeriod = count(r.received_units)
    onHandAtStart += start
    received += inPeriod
    availableByItem.set(r.inventory_item_id, start + inPeriod)
  }

  const storeCurrency = currencyRows[0]?.currency_code?.toLowerCase() ?? null
  const totals = new Map<string, number>()
  const items = new Map<string, ItemLoss & { raw: Map<string, number> }>()
  const add = (sums: Map<string, number>, currency: string, amount: number) => sums.set(currency, (sums.get(currency) ?? 0) + amount)
  for (const r of lossRows) {
    const units = count(r.units)
    const item =
      items.get(r.inventory_item_id) ??
      items
        .set(r.inventory_item_id, {
          inventory_item_id: r.inventory_item_id,
          expired_units: 0,
          expired_on_hand_units: 0,
          written_off_units: 0,
          available_units: availableByItem.get(r.inventory_item_id) ?? 0,
          rate: null,
          at_cost_units: 0,
          at_price_units: 0,
          unvalued_units: 0,
          unit_price: r.unit_price === null ? null : money(r.unit_price, storeCurrency),
          amounts: [],
          raw: new Map(),
        })
        .get(r.inventory_item_id)!
    item.expired_units += units
    if (r.how === "expired") {
      item.expired_on_hand_units += units
    } else {
      item.written_off_units += units
    }
    if (r.cost_currency) {
      item.at_cost_units += units
      add(item.raw, r.cost_currency, Number(r.cost))
      add(totals, r.cost_currency, Number(r.cost))
    } else if (r.unit_price !== null && storeCurrency) {
      item.at_price_units += units
      add(item.raw, storeCurrency, units * Number(r.unit_price))
      add(totals, storeCurrency, units * Number(r.unit_price))
    } else {
      item.unvalued_units += units
    }
  }
  const amounts = (sums: Map<string, number>) =>
    [...sums.entries()]
      .sort(([a], [b]) => (a === storeCurrency ? -1 : b === storeCurrency ? 1 : a.localeCompare(b)))
      .map(([currency_code, amount]) => ({ currency_code, amount: money(amount, currency_code)! }))

  const list = [...items.values()].map(({ raw, ...item }) => ({
    ...item,
    // Lost units were on hand in the period, so they are in its available units: never null when units were lost.
    available_units: Math.max(item.available_units, item.expired_units),
    rate: rate(item.expired_units, Math.max(item.available_units, item.expired_units)),
    amounts: amounts(raw),
  }))
  list.sort((a, b) => b.expired_units - a.expired_units || a.inventory_item_id.localeCompare(b.inventory_item_id))
  const sum = (f: (i: ItemLoss) => number) => list.reduce((n, i) => n + f(i), 0)
  const expired = sum((i) => i.expired_units)
  const availableUnits = Math.max(onHandAtStart + received, expired)
  return {
    rate: rate(expired, availableUnits),
    expired_units: expired,
    expired_on_hand_units: sum((i) => i.expired_on_hand_units),
    written_off_units: sum((i) => i.written_off_units),
    available_units: availableUnits,
    on_hand_at_start: onHandAtStart,
    received_units: received,
    value: {
      /** In the store's default currency (units at cost in another currency are in `amounts` only). */
      amount: storeCurrency ? (money(totals.get(storeCurrency) ?? 0, storeCurrency) as number) : null,
      currency_code: storeCurrency,
      amounts: amounts(totals),
      at_cost_units: sum((i) => i.at_cost_units),
      at_price_units: sum((i) => i.at_price_units),
      unvalued_units: sum((i) => i.unvalued_units),
    },
    items: list.slice(0, KPI_LIST_LIMIT),
  }
}

/**
 * Recalls opened in the period (canceled ones left out): time from opening
 * to the complete list of affected orders (`recall_time_ms`) and from
 * opening to every reachable customer notified (`all_notified_at`, the
 * operational figure), median and maximum over the recalls that got there.
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
    awaiting_notification: count(r.awaiting_notification),
    none_reachable: count(r.none_reachable),
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
