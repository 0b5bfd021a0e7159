import { MedusaWorkflow } from "@medusajs/framework/workflows-sdk"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { HOLD_EXTERNAL_ID } from "../lib/lot-hold"
import {
  classifyDrift,
  pairKey,
  summarizeDrift,
  type Drift,
  type DriftSummary,
  type LineBooks,
  type OpenFailure,
  type PairBooks,
} from "../lib/reconcile"
import { lotService } from "../modules/lot_tracking/resolve"
import type { ItemLocation } from "../modules/lot_tracking/service"
import { pgConnection, type Resolver } from "./pg"

/**
 * The drift read model, what reconcile compares: both sides of the books,
 * read from the plugin's tables and Medusa's (`inventory_level`, `reservation_item`, `order_item`,
 * `order_line_item`, `order`) through the app's `PG_CONNECTION`, so, like the
 * KPIs and the trace, it assumes the modules share one database and Medusa
 * 2.21's table names. Two statements, run at once: one per (item, location),
 * one per order line that differs. Every value is bound; the only literals
 * are the plugin's own status names (`'reserved'` must stay literal for the
 * partial index `lot_allocation (inventory_item_id, location_id) WHERE status
 * = 'reserved'` to be chosen).
 */

/** Default grace period: drift on a line changed more recently than this is reported, not repaired. */
export const DEFAULT_GRACE_SECONDS = 60

const n = (v: unknown) => Number(v ?? 0)

/**
 * Per (item, location) of every item with a tracking policy: Medusa's level
 * and reservations (order lines, the hold, others) beside lot stock, reserved
 * allocations and shortfalls. Items no longer tracked appear only where a
 * hold reservation is left. Index probes per item (policy -> level, lots,
 * lot stock, the partial index of reserved allocations, shortfalls,
 * reservation items by item).
 */
export async function readPairBooks(knex: Knex): Promise<PairBooks[]> {
  const { rows } = await knex.raw(
    `WITH items AS (
       SELECT inventory_item_id, bool_or(tracked) AS tracked
         FROM lot_tracking_policy WHERE deleted_at IS NULL GROUP BY inventory_item_id
     ), levels AS (
       SELECT il.inventory_item_id, il.location_id, il.stocked_quantity, il.reserved_quantity
         FROM items i JOIN inventory_level il ON il.inventory_item_id = i.inventory_item_id AND il.deleted_at IS NULL
        WHERE i.tracked
     ), lots AS (
       SELECT l.inventory_item_id, ls.location_id, sum(ls.stocked_quantity) AS stocked
         FROM items i
         JOIN lot l ON l.inventory_item_id = i.inventory_item_id AND l.deleted_at IS NULL
         JOIN lot_stock ls ON ls.lot_id = l.id AND ls.deleted_at IS NULL
        WHERE i.tracked
        GROUP BY l.inventory_item_id, ls.location_id
     ), allocated AS (
       SELECT a.inventory_item_id, a.location_id, sum(a.quantity) AS units
         FROM items i JOIN lot_allocation a
           ON a.inventory_item_id = i.inventory_item_id AND a.status = 'reserved' AND a.deleted_at IS NULL
        WHERE i.tracked
        GROUP BY a.inventory_item_id, a.location_id
     ), shortfalls AS (
       SELECT f.inventory_item_id, f.location_id, sum(f.quantity) AS units
         FROM items i JOIN lot_shortfall f ON f.inventory_item_id = i.inventory_item_id AND f.deleted_at IS NULL
        WHERE i.tracked
        GROUP BY f.inventory_item_id, f.location_id
     ), reservations AS (
       SELECT r.inventory_item_id, r.location_id,
              coalesce(sum(r.quantity) FILTER (WHERE r.external_id = ?), 0) AS hold,
              count(*) FILTER (WHERE r.external_id = ?) AS hold_rows,
              coalesce(sum(r.quantity) FILTER (WHERE r.external_id IS DISTINCT FROM ? AND r.line_item_id IS NOT NULL), 0) AS order_reserved,
              coalesce(sum(r.quantity) FILTER (WHERE r.external_id IS DISTINCT FROM ? AND r.line_item_id IS NULL), 0) AS other_reserved
         FROM items i JOIN reservation_item r ON r.inventory_item_id = i.inventory_item_id AND r.deleted_at IS NULL
        GROUP BY r.inventory_item_id, r.location_id
     ), pairs AS (
       SELECT inventory_item_id, location_id FROM levels
       UNION SELECT inventory_item_id, location_id FROM lots
       UNION SELECT inventory_item_id, location_id FROM allocated
       UNION SELECT inventory_item_id, location_id FROM shortfalls
       UNION SELECT r.inventory_item_id, r.location_id
               FROM reservations r JOIN items i ON i.inventory_item_id = r.inventory_item_id
              WHERE i.tracked OR r.hold_rows > 0
     )
     SELECT p.inventory_item_id, p.location_id, i.tracked,
            coalesce(v.stocked_quantity, 0) AS level_stocked,
            coalesce(o.stocked, 0) AS lot_stocked,
            coalesce(v.reserved_quantity, 0) AS level_reserved,
            coalesce(a.units, 0) AS allocated,
            coalesce(f.units, 0) AS shortfall,
            coalesce(r.hold, 0) AS hold,
            coalesce(r.hold_rows, 0) AS hold_rows,
            coalesce(r.order_reserved, 0) AS order_reserved,
            coalesce(r.other_reserved, 0) AS other_reserved
       FROM pairs p
       JOIN items i ON i.inventory_item_id = p.inventory_item_id
       LEFT JOIN levels v ON v.inventory_item_id = p.inventory_item_id AND v.location_id = p.location_id
       LEFT JOIN lots o ON o.inventory_item_id = p.inventory_item_id AND o.location_id = p.location_id
       LEFT JOIN allocated a ON a.inventory_item_id = p.inventory_item_id AND a.location_id = p.location_id
       LEFT JOIN shortfalls f ON f.inventory_item_id = p.inventory_item_id AND f.location_id = p.location_id
       LEFT JOIN reservations r ON r.inventory_item_id = p.inventory_item_id AND r.location_id = p.location_id
      ORDER BY p.inventory_item_id, p.location_id`,
    [HOLD_EXTERNAL_ID, HOLD_EXTERNAL_ID, HOLD_EXTERNAL_ID, HOLD_EXTERNAL_ID]
  )
  return rows.map((r: any) => ({
    inventory_item_id: r.inventory_item_id,
    location_id: r.location_id,
    tracked: r.tracked === true,
    level_stocked: n(r.level_stocked),
    lot_stocked: n(r.lot_stocked),
    level_reserved: n(r.level_reserved),
    allocated: n(r.allocated),
    shortfall: n(r.shortfall),
    hold: n(r.hold),
    hold_rows: n(r.hold_rows),
    order_reserved: n(r.order_reserved),
    other_reserved: n(r.other_reserved),
  }))
}

/**
 * Order lines of tracked items whose reserved lot allocations + shortfall
 * differ, per item and location, from Medusa's reservations of the line:
 * both sides grouped, full-joined, only the differing rows kept; then, per
 * differing row only, the line's order (plugin rows carry it, Medusa's are
 * looked up in `order_item`), whether the order still exists, and whether
 * anything about the line changed within `graceSeconds` (its rows' updated_at,
 * or a reservation of the line deleted since: the `deleted_at` index).
 */
export async function readLineBooks(knex: Knex, graceSeconds: number): Promise<LineBooks[]> {
  const { rows } = await knex.raw(
    `WITH tracked AS (
       SELECT DISTINCT inventory_item_id FROM lot_tracking_policy WHERE tracked AND deleted_at IS NULL
     ), plugin AS (
       SELECT order_id, line_item_id, inventory_item_id, location_id,
              sum(allocated) AS allocated, sum(shortfall) AS shortfall, max(changed_at) AS changed_at
         FROM (
           SELECT a.order_id, a.line_item_id, a.inventory_item_id, a.location_id,
                  a.quantity AS allocated, 0 AS shortfall, a.updated_at AS changed_at
             FROM tracked t JOIN lot_allocation a
               ON a.inventory_item_id = t.inventory_item_id AND a.status = 'reserved' AND a.deleted_at IS NULL
           UNION ALL
           SELECT f.order_id, f.line_item_id, f.inventory_item_id, f.location_id, 0, f.quantity, f.updated_at
             FROM tracked t JOIN lot_shortfall f
               ON f.inventory_item_id = t.inventory_item_id AND f.deleted_at IS NULL
         ) u
        GROUP BY order_id, line_item_id, inventory_item_id, location_id
     ), medusa AS (
       SELECT r.line_item_id, r.inventory_item_id, r.location_id, sum(r.quantity) AS reserved, max(r.updated_at) AS changed_at
         FROM tracked t JOIN reservation_item r ON r.inventory_item_id = t.inventory_item_id AND r.deleted_at IS NULL
        WHERE r.line_item_id IS NOT NULL AND r.external_id IS DISTINCT FROM ?
        GROUP BY r.line_item_id, r.inventory_item_id, r.location_id
     ), differing AS (
       SELECT p.order_id,
              coalesce(p.line_item_id, m.line_item_id) AS line_item_id,
              coalesce(p.inventory_item_id, m.inventory_item_id) AS inventory_item_id,
              coalesce(p.location_id, m.location_id) AS location_id,
              coalesce(p.allocated, 0) AS allocated,
              coalesce(p.shortfall, 0) AS shortfall,
              coalesce(m.reserved, 0) AS medusa_reserved,
              greatest(p.changed_at, m.changed_at) AS changed_at
         FROM plugin p
         FULL JOIN medusa m
           ON m.line_item_id = p.line_item_id AND m.inventory_item_id = p.inventory_item_id AND m.location_id = p.location_id
        WHERE coalesce(p.allocated, 0) + coalesce(p.shortfall, 0) <> coalesce(m.reserved, 0)
     )
     SELECT d.line_item_id, d.inventory_item_id, d.location_id, d.allocated, d.shortfall, d.medusa_reserved,
            coalesce(d.order_id, oi.order_id) AS order_id,
            CASE WHEN o.id IS NULL THEN 'missing' WHEN o.deleted_at IS NOT NULL THEN 'deleted' ELSE o.status::text END AS order_status,
            (d.changed_at > now() - make_interval(secs => ?::double precision)
             OR EXISTS (SELECT 1 FROM reservation_item x
                         WHERE x.deleted_at > now() - make_interval(secs => ?::double precision)
                           AND x.line_item_id = d.line_item_id)) AS recent
       FROM differing d
       LEFT JOIN LATERAL (
         SELECT order_id FROM order_item WHERE item_id = d.line_item_id AND deleted_at IS NULL ORDER BY version DESC LIMIT 1
       ) oi ON d.order_id IS NULL
       LEFT JOIN "order" o ON o.id = coalesce(d.order_id, oi.order_id)
      ORDER BY 7, d.line_item_id, d.inventory_item_id, d.location_id`,
    [HOLD_EXTERNAL_ID, graceSeconds, graceSeconds]
  )
  return rows.map((r: any) => ({
    order_id: r.order_id ?? null,
    line_item_id: r.line_item_id,
    inventory_item_id: r.inventory_item_id,
    location_id: r.location_id,
    allocated: n(r.allocated),
    shortfall: n(r.shortfall),
    medusa_reserved: n(r.medusa_reserved),
    order_status: r.order_status ?? null,
    recent: r.recent === true,
  }))
}

/** The hold each pair should have now, by the one hold rule (`service.computeHolds`), in chunks. */
async function expectedHolds(container: Resolver, pairs: ItemLocation[]): Promise<Map<string, number>> {
  const service = lotService(container)
  const result = new Map<string, number>()
  for (let i = 0; i < pairs.length; i += 500) {
    const holds = await service.computeHolds(pairs.slice(i, i + 500))
    for (const [key, hold] of holds) {
      result.set(key, hold.quantity)
    }
  }
  return result
}

/**
 * Shortfall units eligible free lot units cover now, per pair: the settle
 * step's own rule (`planShortfallFill`, oldest order first), read from the
 * plugin's tables only.
 */
async function coverableShortfalls(container: Resolver, pairs: ItemLocation[]): Promise<Map<string, number>> {
  const result = new Map<string, number>()
  if (!pairs.length) {
    return result
  }
  const fills = await lotService(container).planShortfallFills(pairs)
  for (const { line, picks } of fills) {
    const key = pairKey(line)
    result.set(key, (result.get(key) ?? 0) + picks.reduce((s, p) => s + p.quantity, 0))
  }
  return result
}

async function openFailures(container: Resolver): Promise<OpenFailure[]> {
  const rows = await lotService(container).listOpenSyncFailures()
  return rows.map((r) => ({
    id: r.id,
    event: r.event,
    key: r.key,
    workflow_id: r.workflow_id,
    message: r.message,
    attempts: r.attempts,
    failed_at: new Date(r.failed_at).toISOString(),
    rerunnable: !!MedusaWorkflow.getWorkflow(r.workflow_id),
  }))
}

export type DriftFindings = { as_of: string; grace_seconds: number; drift: Drift[]; summary: DriftSummary }

/** Every difference between the two sides now (see `src/lib/reconcile.ts`). */
export async function readDriftReport(container: Resolver, options: { grace_seconds?: number } = {}): Promise<DriftFindings> {
  const grace = options.grace_seconds ?? DEFAULT_GRACE_SECONDS
  const knex = pgConnection(container)
  const as_of = new Date().toISOString()
  const [pairs, lines, failures] = await Promise.all([readPairBooks(knex), readLineBooks(knex, grace), openFailures(container)])
  const [holds, coverable] = await Promise.all([
    expectedHolds(
      container,
      pairs.filter((p) => (p.tracked && p.lot_stocked > 0) || p.hold_rows > 0)
    ),
    coverableShortfalls(
      container,
      pairs.filter((p) => p.tracked && p.shortfall > 0)
    ),
  ])
  const drift = classifyDrift({ pairs, lines, expected_holds: holds, coverable, failures, grace_seconds: grace })
  return { as_of, grace_seconds: grace, drift, summary: summarizeDrift(drift) }
}
