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

/**
 * Decimals of a currency's minor unit (EUR 2, JPY 0, KWD 3), as the ISO 4217
 * data built into Intl knows them; 2 for a code Intl cannot read.
 */
export function currencyDecimals(currencyCode: string | null | undefined): number {
  if (!currencyCode) {
    return 2
  }
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: currencyCode.toUpperCase() }).resolvedOptions()
      .maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/**
 * A money amount rounded to its currency's minor unit (amounts come from SQL
 * numerics as text); half away from zero, after dropping binary floating
 * point noise (1.005 EUR is 1.01, not the 1.00 a plain Math.round gives).
 */
export function money(value: number | string | null | undefined, currencyCode?: string | null): number | null {
  if (value === null || value === undefined || value === "") {
    return null
  }
  const n = Number(value)
  if (!Number.isFinite(n)) {
    return null
  }
  const decimals = currencyDecimals(currencyCode)
  const scale = 10 ** decimals
  const rounded = (Math.sign(n) * Math.round(Number((Math.abs(n) * scale).toPrecision(15)))) / scale
  return rounded === 0 ? 0 : rounded
}

/**
 * What is wrong with a unit cost in the store's currency (the first problem,
 * worded for the merchant), or null: a finite amount from 0, with no more
 * decimals than the currency's minor unit.
 */
export function unitCostProblem(value: number, currencyCode: string, field = "unit_cost"): string | null {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    return `${field} must be an amount of 0 or more`
  }
  const decimals = currencyDecimals(currencyCode)
  if (money(value, currencyCode) !== value) {
    return `${field} (${value}) has more decimals than ${currencyCode.toUpperCase()} allows (${decimals})`
  }
  return null
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
