import type { ExpiryWatchState } from "./expiry"

export type ExpiryMessageInput = {
  lot_number: string
  state: ExpiryWatchState
  expires_at: string
  days_until_expiry: number
  status: string
  sku: string | null
  title: string | null
  stocked_quantity: number
  reserved_quantity: number
  stock: { location_name: string; stocked_quantity: number }[]
  /** Units the same run wrote off automatically (expired lots with `auto_write_off_expired`). */
  written_off: number
}

const units = (n: number) => `${n} ${n === 1 ? "unit" : "units"}`

/**
 * Title and description of the admin notification for a lot entering a state
 * (the admin's notification drawer shows `data.title` and `data.description`,
 * the description keeping its line breaks).
 */
export function expiryMessage(m: ExpiryMessageInput): { title: string; description: string } {
  const item = [m.sku, m.title && m.title !== m.sku ? m.title : null].filter(Boolean).join(" · ") || "inventory item"
  let title: string
  let when: string
  if (m.state === "expired") {
    title = `Lot ${m.lot_number} has expired`
    when = `Expired: ${m.expires_at} was its last day of use.`
  } else {
    const d = m.days_until_expiry
    title =
      d === 0 ? `Lot ${m.lot_number} expires today` : d === 1 ? `Lot ${m.lot_number} expires tomorrow` : `Lot ${m.lot_number} expires in ${d} days`
    when = `Fit for use through ${m.expires_at}.`
  }
  const where = m.stock.map((s) => `${s.location_name} ${s.stocked_quantity}`).join(", ")
  const lines = [
    `${item}: ${units(m.stocked_quantity)} on hand${where ? ` (${where})` : ""}${m.reserved_quantity ? `, ${m.reserved_quantity} reserved for orders` : ""}.`,
    when,
  ]
  if (m.status !== "active") {
    lines.push(`The lot is ${m.status}.`)
  }
  if (m.state === "expired") {
    lines.push(
      m.written_off > 0
        ? `${units(m.written_off)} written off automatically (reason: expired); ${units(Math.max(0, m.stocked_quantity - m.written_off))} left.`
        : "Expired units are never allocated or shipped; write them off when they leave the shelf."
    )
  }
  return { title, description: lines.join("\n") }
}

/**
 * At most this many lots per state get a notification of their own in one
 * run; the rest share one summary notification, so a first run over a large
 * back catalogue does not flood the admin's feed (events stay one per lot).
 */
export const MAX_LOT_NOTIFICATIONS_PER_STATE = 20

type Announced = { state: ExpiryWatchState; expires_at: string; lot_number: string; stocked_quantity: number }

export type Digest<T extends Announced> = { state: ExpiryWatchState; lots: T[]; title: string; description: string }

/** Soonest-expiring lots first get their own notification; the others are summed up per state. */
export function planNotifications<T extends Announced>(
  announcements: T[],
  max = MAX_LOT_NOTIFICATIONS_PER_STATE
): { single: T[]; digests: Digest<T>[] } {
  const single: T[] = []
  const digests: Digest<T>[] = []
  for (const state of ["expired", "expiring"] as const) {
    const inState = announcements
      .filter((a) => a.state === state)
      .sort((a, b) => a.expires_at.localeCompare(b.expires_at) || a.lot_number.localeCompare(b.lot_number))
    single.push(...inState.slice(0, max))
    const rest = inState.slice(max)
    if (rest.length) {
      const units = rest.reduce((s, a) => s + a.stocked_quantity, 0)
      const shown = rest.slice(0, 10).map((a) => a.lot_number)
      digests.push({
        state,
        lots: rest,
        title: state === "expired" ? `${rest.length} more lots have expired` : `${rest.length} more lots expire soon`,
        description:
          `${units} units on hand in lots ${shown.join(", ")}${rest.length > shown.length ? ` and ${rest.length - shown.length} more` : ""}.\n` +
          "The Expiry page lists every lot with its stock per location and expiry date.",
      })
    }
  }
  return { single, digests }
}
