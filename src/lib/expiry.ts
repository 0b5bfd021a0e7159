import { addDays, CalendarDate, daysBetween } from "./calendar-date"

/**
 * The one rule for expiry, used by the API, allocation, jobs and the admin:
 * `expires_at` is the last day the goods are fit for use, so a lot is expired
 * from the day after it, as counted in the merchant's time zone.
 */
export function isExpired(expiresAt: CalendarDate | null | undefined, today: CalendarDate): boolean {
  return !!expiresAt && today > expiresAt
}

/** Days of shelf life left, counting today: 0 on the expiry day itself, negative once expired. */
export function daysUntilExpiry(
  expiresAt: CalendarDate | null | undefined,
  today: CalendarDate
): number | null {
  return expiresAt ? daysBetween(today, expiresAt) : null
}

/** Not yet expired, but within the warning window (the expiry day counts as "soon"). */
export function isExpiringSoon(
  expiresAt: CalendarDate | null | undefined,
  today: CalendarDate,
  warningDays: number
): boolean {
  if (!expiresAt || isExpired(expiresAt, today)) {
    return false
  }
  return expiresAt <= addDays(today, warningDays)
}

/** A lot can ship today if at least `minDays` of shelf life are left after today. */
export function hasMinimumShelfLife(
  expiresAt: CalendarDate | null | undefined,
  today: CalendarDate,
  minDays: number
): boolean {
  if (!expiresAt) {
    return true
  }
  const left = daysBetween(today, expiresAt)
  return left >= 0 && left >= minDays
}

export type ExpiryState = {
  expired: boolean
  expiring_soon: boolean
  days_until_expiry: number | null
}

export function expiryState(
  expiresAt: CalendarDate | null | undefined,
  today: CalendarDate,
  warningDays: number
): ExpiryState {
  return {
    expired: isExpired(expiresAt, today),
    expiring_soon: isExpiringSoon(expiresAt, today, warningDays),
    days_until_expiry: daysUntilExpiry(expiresAt, today),
  }
}

/** The two states the expiry watch and the Expiry page know a lot in. */
export type ExpiryWatchState = "expiring" | "expired"

/** The one expiry rule decides the state; null when the lot is neither expired nor in the window. */
export function classifyExpiry(expiresAt: CalendarDate, today: CalendarDate, warningDays: number): ExpiryWatchState | null {
  if (isExpired(expiresAt, today)) {
    return "expired"
  }
  return isExpiringSoon(expiresAt, today, warningDays) ? "expiring" : null
}
