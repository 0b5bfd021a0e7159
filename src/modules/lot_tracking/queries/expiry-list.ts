import { MedusaError } from "@medusajs/framework/utils"
import { addDays, type CalendarDate } from "../../../lib/calendar-date"
import { classifyExpiry, daysUntilExpiry, type ExpiryWatchState } from "../../../lib/expiry"
import type { LotStatus } from "../types"
import type { Knex } from "./knex"

export type { ExpiryWatchState } from "../../../lib/expiry"

export type ExpiryLotStock = { location_id: string; stocked_quantity: number; reserved_quantity: number }

export type ExpiryAlertRef = { state: ExpiryWatchState; expires_at: string; announced_at: string; notification_id: string | null }

/** A lot of a tracked item with stock on hand that is expired or inside its warning window. */
export type ExpiryListLot = {
  id: string
  lot_number: string
  inventory_item_id: string
  status: LotStatus
  expires_at: CalendarDate
  state: ExpiryWatchState
  days_until_expiry: number
  /** The window used: the `days` asked for, else the item's `expiry_warning_days` (policy or plugin default). */
  warning_days: number
  stocked_quantity: number
  reserved_quantity: number
  stock: ExpiryLotStock[]
  /** Announcements already made for this lot (lot_expiry_alert rows). */
  alerts: ExpiryAlertRef[]
}

export type ExpiryLotQuery = {
  today: CalendarDate
  /** The plugin's `expiry_warning_days`, for items whose policy does not set one. */
  defaultWarningDays: number
  /** A fixed window (days) instead of each item's policy window. */
  days?: number | null
  state?: ExpiryWatchState
  locationIds?: string[]
  inventoryItemIds?: string[]
  excludeStatuses?: LotStatus[]
  limit?: number
  offset?: number
}

export type ExpirySummary = {
  expired: { lots: number; stocked_quantity: number }
  expiring: { lots: number; stocked_quantity: number }
}

/**
 * The expiry list: lots of tracked items with stock on hand (at the
 * given locations) that are expired or expire within the window, in one SQL
 * statement driven by the (inventory_item_id, expires_at) index of `lot`:
 * per tracked item, the lots
 * whose `expires_at` is at most today + window. Expiry dates are ISO text, so
 * they compare as dates. The state of each row is then decided by the one
 * expiry rule (src/lib/expiry.ts); SQL only narrows the rows down to it.
 *
 * `summary` counts both states over the whole filtered set (before `state`
 * and pagination), so a page with tabs can show both totals.
 */
export async function queryExpiryLots(
  knex: Knex,
  q: ExpiryLotQuery
): Promise<{ lots: ExpiryListLot[]; count: number; summary: ExpirySummary }> {
  const bindings: unknown[] = []
  const bind = (value: unknown) => {
    bindings.push(value)
    return "?"
  }
  const fixedDays = q.days ?? null

  // Bound in the order the placeholders appear in the statement below.
  const warningDays = fixedDays === null ? `coalesce(p.expiry_warning_days, ${bind(q.defaultWarningDays)})` : `CAST(${bind(fixedDays)} AS int)`
  const today = bind(q.today)
  // Window per item (policy, else plugin default) or the fixed window asked for.
  const windowEnd =
    fixedDays === null
      ? `to_char(CAST(${bind(q.today)} AS date) + coalesce(p.expiry_warning_days, ${bind(q.defaultWarningDays)}), 'YYYY-MM-DD')`
      : bind(addDays(q.today, fixedDays))
  const stockFilter = q.locationIds?.length ? `AND ls.location_id = ANY(CAST(${bind(q.locationIds)} AS text[]))` : ""
  const itemFilter = q.inventoryItemIds?.length ? `AND p.inventory_item_id = ANY(CAST(${bind(q.inventoryItemIds)} AS text[]))` : ""
  const statusFilter = q.excludeStatuses?.length ? `AND l.status <> ALL(CAST(${bind(q.excludeStatuses)} AS text[]))` : ""

  const inner = `
    SELECT l.id, l.lot_number, l.inventory_item_id, l.status, l.expires_at,
           ${warningDays} AS warning_days,
           s.stocked_quantity, s.reserved_quantity, s.stock,
           coalesce(a.alerts, '[]'::json) AS alerts,
           (l.expires_at < ${today}) AS expired
      FROM lot_tracking_policy p
      JOIN lot l
        ON l.inventory_item_id = p.inventory_item_id
       AND l.deleted_at IS NULL
       AND l.expires_at IS NOT NULL
       AND l.expires_at <= ${windowEnd}
      CROSS JOIN LATERAL (
        SELECT sum(ls.stocked_quantity)::int AS stocked_quantity,
               sum(ls.reserved_quantity)::int AS reserved_quantity,
               json_agg(json_build_object(
                 'location_id', ls.location_id,
                 'stocked_quantity', ls.stocked_quantity,
                 'reserved_quantity', ls.reserved_quantity
               ) ORDER BY ls.location_id) AS stock
          FROM lot_stock ls
         WHERE ls.lot_id = l.id AND ls.deleted_at IS NULL AND ls.stocked_quantity > 0 ${stockFilter}
      ) s
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object(
                 'state', e.state, 'expires_at', e.expires_at,
                 'announced_at', e.created_at, 'notification_id', e.notification_id
               ) ORDER BY e.created_at) AS alerts
          FROM lot_expiry_alert e
         WHERE e.lot_id = l.id AND e.deleted_at IS NULL
      ) a ON true
     WHERE p.deleted_at IS NULL AND p.tracked
       AND s.stocked_quantity > 0
       ${itemFilter}
       ${statusFilter}`

  const stateFilter = q.state === "expired" ? "WHERE x.expired" : q.state === "expiring" ? "WHERE NOT x.expired" : ""
  const totalColumn = q.state === "expired" ? "expired_lots" : q.state === "expiring" ? "expiring_lots" : "all_lots"
  const page = q.limit !== undefined ? `LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset ?? 0)}` : ""

  const sql = `
    SELECT x.* FROM (
      SELECT i.*,
             count(*) OVER () AS all_lots,
             count(*) FILTER (WHERE i.expired) OVER () AS expired_lots,
             count(*) FILTER (WHERE NOT i.expired) OVER () AS expiring_lots,
             coalesce(sum(i.stocked_quantity) FILTER (WHERE i.expired) OVER (), 0) AS expired_units,
             coalesce(sum(i.stocked_quantity) FILTER (WHERE NOT i.expired) OVER (), 0) AS expiring_units
        FROM (${inner}) i
    ) x
    ${stateFilter}
    ORDER BY x.expires_at ASC, x.lot_number ASC, x.id ASC
    ${page}`

  const { rows } = (await knex.raw(sql, bindings as any)) as { rows: any[] }
  let summary: ExpirySummary
  let count: number
  if (rows.length) {
    const r = rows[0]
    summary = {
      expired: { lots: Number(r.expired_lots), stocked_quantity: Number(r.expired_units) },
      expiring: { lots: Number(r.expiring_lots), stocked_quantity: Number(r.expiring_units) },
    }
    count = Number(r[totalColumn])
  } else if ((q.offset ?? 0) > 0 && q.limit !== undefined) {
    // An offset past the end returns no rows, and so no window counts: count from the first page.
    const first = await queryExpiryLots(knex, { ...q, offset: 0, limit: 1 })
    summary = first.summary
    count = first.count
  } else if (q.state) {
    // Nothing in this state; the other state may still have lots.
    const all = await queryExpiryLots(knex, { ...q, state: undefined, offset: 0, limit: 1 })
    summary = all.summary
    count = 0
  } else {
    summary = { expired: { lots: 0, stocked_quantity: 0 }, expiring: { lots: 0, stocked_quantity: 0 } }
    count = 0
  }

  const lots: ExpiryListLot[] = []
  for (const r of rows) {
    const state = classifyExpiry(r.expires_at, q.today, Number(r.warning_days))
    if (!state) {
      // SQL and the rule disagree only if the rule changed without this query: never hide it silently.
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Lot ${r.lot_number} (${r.expires_at}) was selected as expiring on ${q.today} but the expiry rule says it is not`
      )
    }
    lots.push({
      id: r.id,
      lot_number: r.lot_number,
      inventory_item_id: r.inventory_item_id,
      status: r.status,
      expires_at: r.expires_at,
      state,
      days_until_expiry: daysUntilExpiry(r.expires_at, q.today)!,
      warning_days: Number(r.warning_days),
      stocked_quantity: Number(r.stocked_quantity),
      reserved_quantity: Number(r.reserved_quantity),
      stock: (r.stock ?? []).map((s: any) => ({
        location_id: s.location_id,
        stocked_quantity: Number(s.stocked_quantity),
        reserved_quantity: Number(s.reserved_quantity),
      })),
      alerts: r.alerts ?? [],
    })
  }
  return { lots, count, summary }
}

