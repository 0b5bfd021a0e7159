/**
 * Calendar dates (expiry, manufacture, best-before) are days, not instants:
 * "expires 2026-03-31" means the goods are fit for use through that whole day
 * wherever the warehouse is. They are kept as ISO `YYYY-MM-DD` strings, which
 * sort and compare correctly as text, so no time zone can shift them.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export type CalendarDate = string

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== "string") {
    return false
  }
  const match = ISO_DATE.exec(value)
  if (!match) {
    return false
  }
  const [, y, m, d] = match.map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d
  )
}

/** One formatter per time zone: building an `Intl.DateTimeFormat` costs far more than using one (allocation asks for today on every order). */
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** The calendar date of an instant as seen in a time zone (IANA name). */
export function calendarDateIn(instant: Date, timeZone = "UTC"): CalendarDate {
  let format = dateFormats.get(timeZone)
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    dateFormats.set(timeZone, format)
  }
  return format.format(instant)
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone })
    return true
  } catch {
    return false
  }
}

function toUtcMidnight(date: CalendarDate): number {
  const [y, m, d] = date.split("-").map(Number)
  return Date.UTC(y, m - 1, d)
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / DAY_MS)
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(toUtcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10)
}
