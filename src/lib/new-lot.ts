import type { CalendarDate } from "./calendar-date"
import { isExpired } from "./expiry"

/**
 * The rules a new lot's dates must meet, wherever it comes from (a receipt,
 * an opening balance, a CSV import): one place, so the three never disagree.
 * Pure: the caller reads today and the item's policy.
 */
export type NewLotDates = {
  inventory_item_id: string
  lot_number?: string | null
  manufactured_at?: CalendarDate | null
  expires_at?: CalendarDate | null
  /** Units arrive with it (an expired lot may then be refused). */
  receiving: boolean
  allow_expired?: boolean
}

/** The item's policy as far as new lots care: `require_expiry` applies once the item is (or becomes) tracked. */
export type NewLotPolicy = { require_expiry: boolean; tracked: boolean; is_default: boolean }

/** What is wrong with a new lot's dates (the first problem, worded for the merchant), or null. */
export function newLotProblem(lot: NewLotDates, today: CalendarDate, policy: NewLotPolicy): string | null {
  const label = lot.lot_number ? `Lot ${lot.lot_number}` : "The lot"
  if (lot.expires_at && lot.manufactured_at && lot.expires_at < lot.manufactured_at) {
    return `${label}: expires_at (${lot.expires_at}) is before manufactured_at (${lot.manufactured_at})`
  }
  if (lot.manufactured_at && lot.manufactured_at > today) {
    return `${label}: manufactured_at (${lot.manufactured_at}) is in the future (today is ${today})`
  }
  if (lot.receiving && isExpired(lot.expires_at, today) && !lot.allow_expired) {
    return `${label} expired on ${lot.expires_at}; receiving expired stock is refused unless allow_expired is true`
  }
  // A first lot makes the item tracked, so the default applies when there is no policy yet.
  if (policy.require_expiry && (policy.tracked || policy.is_default) && !lot.expires_at) {
    return `${label}: expires_at is required for inventory item ${lot.inventory_item_id}`
  }
  return null
}
