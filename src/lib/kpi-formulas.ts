import { addDays, daysBetween, isCalendarDate, type CalendarDate } from "./calendar-date"

/**
 * Pure arithmetic of the lot KPIs (the SQL that gathers the figures lives in
 * src/read-models/lot-kpis.ts). Every KPI is returned with the figures it is
 * computed from, so a reader can check it.
 */

/** Days in the default KPI period (today and the 29 days before it). */
export const DEFAULT_KPI_PERIOD_DAYS = 30

/** Longest period the KPI route accepts, in days (about ten years). */
export const MAX_KPI_PERIOD_DAYS = 3660

export type KpiPeriod = { from: CalendarDate; to: CalendarDate; days: number }

/**
 * The period a KPI request covers, both ends inclusive, as calendar days in
 * the merchant's time zone. Missing ends default to the last
 * `DEFAULT_KPI_PERIOD_DAYS` days up to today (or to `to`, or from `from`).
 * Returns a message a person can act on when the period is not valid.
 */
export function resolveKpiPeriod(
  input: { from?: string | null; to?: string | null },
  today: CalendarDate,
  defaultDays = DEFAULT_KPI_PERIOD_DAYS
): { period: KpiPeriod } | { error: string } {
  for (const field of ["from", "to"] as const) {
    const value = input[field]
    if (value != null && !isCalendarDate(value)) {
      return { error: `${field} must be a calendar date written YYYY-MM-DD` }
    }
  }
  let from = input.from ?? null
  let to = input.to ?? null
  if (!from && !to) {
    to = today
  }
  if (!from) {
    from = addDays(to!, -(defaultDays - 1))
  }
  if (!to) {
    to = addDays(from, defaultDays - 1)
  }
  if (from > to) {
    return { error: `from (${from}) must not be after to (${to})` }
  }
  const days = daysBetween(from, to) + 1
  if (days > MAX_KPI_PERIOD_DAYS) {
    return { error: `The period from ${from} to ${to} is ${days} days long; ask for at most ${MAX_KPI_PERIOD_DAYS} days` }
  }
  return { period: { from, to, days } }
}

/**
 * `numerator / denominator` rounded to 4 decimals, or null when there is
 * nothing to measure (a rate of an empty set is unknown, not 0 % or 100 %).
 */
export function rate(numerator: number, denominator: number): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) {
    return null
  }
  return Math.round((numerator / denominator) * 10000) / 10000
}

/** A money amount rounded to cents (amounts come from SQL numerics as text). */
export function money(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === "") {
    return null
  }
  const n = Number(value)
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : null
}

/** A count from SQL (bigint/numeric come back as text), 0 for null. */
export function count(value: number | string | null | undefined): number {
  const n = Number(value ?? 0)
  return Number.isFinite(n) ? n : 0
}

/** Milliseconds from SQL (may be fractional from an interval), rounded; null stays null. */
export function millis(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) {
    return null
  }
  const n = Number(value)
  return Number.isFinite(n) ? Math.round(n) : null
}

/**
 * The period cut at UTC midnights: the whole UTC days inside it (read from
 * the day counts) and what is left at each end, less than a day each (read
 * row by row). The period's ends are the merchant's midnights, in any time
 * zone, so the ends are rarely whole UTC days.
 */
export function splitAtUtcDays(b: { start: string; end: string }): { days: [string, string]; ends: [string, string][] } {
  const DAY = 24 * 3600 * 1000
  const start = new Date(b.start).getTime()
  const end = new Date(b.end).getTime()
  const first = Math.ceil(start / DAY) * DAY
  const last = Math.floor(end / DAY) * DAY
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  const at = (ms: number) => new Date(ms).toISOString()
  if (first >= last) {
    return { days: [day(first), day(first)], ends: [[at(start), at(end)], [at(end), at(end)]] }
  }
  return { days: [day(first), day(last)], ends: [[at(start), at(first)], [at(last), at(end)]] }
}
