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
 * Recalls opened in the period: time from opening to the complete list of
 * affected orders (`recall_time_ms`) and to every notice sent
 * (`all_notified_at`), median and maximum (the recall time KPI).
 */
export async function recallTimeFigures(knex: Knex, b: KpiBounds): Promise<RecallTimeFigures> {
  const { rows } = await knex.raw(
    `SELECT count(*) AS recalls,
            count(recall_time_ms) AS listed,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY recall_time_ms) AS median_ms,
            max(recall_time_ms) AS max_ms,
            count(notify_ms) AS notified,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY notify_ms) AS median_notify_ms,
            max(notify_ms) AS max_notify_ms
       FROM (
         SELECT recall_time_ms, extract(epoch FROM (all_notified_at - opened_at)) * 1000 AS notify_ms
           FROM recall
          WHERE status IN ('open', 'closed') AND deleted_at IS NULL
            AND opened_at >= ? AND opened_at < ?
       ) r`,
    [b.start, b.end]
  )
  return rows[0]
}
