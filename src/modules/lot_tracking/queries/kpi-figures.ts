import type { Knex } from "./knex"

/** The period a KPI counts over: [start, end) as ISO timestamps. */
export type KpiBounds = { start: string; end: string }

/** Raw figures of the cycle counts (`adjusted` movements with { counted, previous }) in the period. */
export type CountFigures = {
  counts: number | string
  matched: number | string
  absolute_variance: number | string
  net_variance: number | string
  system_units: number | string
  counted_units: number | string
}

/** Raw figures of the recalls opened in the period (times in ms). */
export type RecallTimeFigures = {
  recalls: number | string
  listed: number | string
  median_ms: number | string | null
  max_ms: number | string | null
  notified: number | string
  median_notify_ms: number | string | null
  max_notify_ms: number | string | null
  /** Listed, with customers to notify by email, not all notified yet. */
  awaiting_notification: number | string
  /** Listed, and no affected customer has an email (nothing to send; staff call). */
  none_reachable: number | string
}

/**
 * Cycle counts in the period: how many found the system quantity, and the
 * absolute and net unit variance (the inventory accuracy KPI).
 */
export async function countFigures(knex: Knex, b: KpiBounds): Promise<CountFigures> {
  const { rows } = await knex.raw(
    `SELECT count(*) AS counts,
            count(*) FILTER (WHERE counted = previous) AS matched,
            coalesce(sum(abs(counted - previous)), 0) AS absolute_variance,
            coalesce(sum(counted - previous), 0) AS net_variance,
            coalesce(sum(previous), 0) AS system_units,
            coalesce(sum(counted), 0) AS counted_units
       FROM (
         SELECT CAST(metadata->>'counted' AS numeric) AS counted, CAST(metadata->>'previous' AS numeric) AS previous
           FROM lot_movement
          WHERE type = 'adjusted' AND deleted_at IS NULL AND created_at >= ? AND created_at < ?
            AND metadata->>'counted' IS NOT NULL AND metadata->>'previous' IS NOT NULL
       ) c`,
    [b.start, b.end]
  )
  return rows[0]
}

/**
 * Recalls opened in the period, canceled ones left out (opened by mistake):
 * time from opening to the complete list of affected orders
 * (`recall_time_ms`) and to every reachable customer notified
 * (`all_notified_at`, the operational figure), median and maximum (the
 * recall time KPI); and how many still wait for notices or have nobody to
 * reach by email.
 */
export async function recallTimeFigures(knex: Knex, b: KpiBounds): Promise<RecallTimeFigures> {
  const { rows } = await knex.raw(
    `SELECT count(*) AS recalls,
            count(recall_time_ms) AS listed,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY recall_time_ms) AS median_ms,
            max(recall_time_ms) AS max_ms,
            count(notify_ms) AS notified,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY notify_ms) AS median_notify_ms,
            max(notify_ms) AS max_notify_ms,
            count(*) FILTER (WHERE recall_time_ms IS NOT NULL AND notify_ms IS NULL AND reachable) AS awaiting_notification,
            count(*) FILTER (WHERE recall_time_ms IS NOT NULL AND notify_ms IS NULL AND NOT reachable) AS none_reachable
       FROM (
         SELECT r.recall_time_ms, extract(epoch FROM (r.all_notified_at - r.opened_at)) * 1000 AS notify_ms,
                EXISTS (SELECT 1 FROM recall_notice n
                         WHERE n.recall_id = r.id AND n.email IS NOT NULL AND n.status <> 'void' AND n.deleted_at IS NULL) AS reachable
           FROM recall r
          WHERE r.status IN ('open', 'closed') AND r.deleted_at IS NULL
            AND r.opened_at >= ? AND r.opened_at < ?
       ) r`,
    [b.start, b.end]
  )
  return rows[0]
}
