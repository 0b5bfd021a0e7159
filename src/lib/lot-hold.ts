/**
 * What the plugin holds back from sale. Medusa sells `stocked - reserved` of
 * an inventory item at a location; lot stock that may not be allocated
 * (quarantined, recalled or expired lots, and with `hold_short_shelf_life`
 * lots below the item's minimum shelf life) must not be in that figure, so
 * the plugin keeps one reservation per (item, location) for exactly those
 * units: the hold. Pure, so the rule is tested without a database and is the
 * same on every instance.
 */
import type { CalendarDate } from "./calendar-date"
import { lotIneligibility } from "./lot-choice"

export type HoldReason = "quarantined" | "recalled" | "expired" | "short_shelf_life"

/** One lot's units at one location, as read from lot stock. */
export type HoldCandidate = {
  lot_id: string
  lot_number: string
  status: "active" | "quarantined" | "recalled"
  expires_at: CalendarDate | null
  stocked_quantity: number
  reserved_quantity: number
  /** Units recalled by serial (docs/SERIALS.md) still on hand: held even in an active lot. */
  blocked_serials?: number
}

export type HoldPolicy = { tracked: boolean; min_shelf_life_days: number }

export type HeldLot = { lot_id: string; lot_number: string; reason: HoldReason; quantity: number }

export type Hold = {
  /** Units held back from sale: free (unreserved) units of blocked lots. */
  quantity: number
  /** The blocked lots with free units, most telling reason first, then by lot number. */
  lots: HeldLot[]
}

/** Marks the plugin's reservation items (`external_id`), so they are found and never mistaken for an order's. */
export const HOLD_EXTERNAL_ID = "lot_tracking_hold"

/**
 * Why a lot's free units are held back, or null when they are sellable. The
 * one expiry rule decides "expired"; short shelf life holds only when the
 * merchant asks for it (otherwise allocation skips such lots but the storefront
 * may still sell their units, which then wait for fresher stock).
 */
export function holdReason(
  lot: Pick<HoldCandidate, "status" | "expires_at">,
  policy: Pick<HoldPolicy, "min_shelf_life_days">,
  today: CalendarDate,
  holdShortShelfLife: boolean
): HoldReason | null {
  // The same rule allocation uses (lot-choice), so "held" and "never allocated" cannot disagree.
  const reason = lotIneligibility(
    { lot_id: "", lot_number: "", received_at: "", available: 1, ...lot },
    { strategy: "fefo", min_shelf_life_days: policy.min_shelf_life_days },
    today
  )
  if (reason === "short_shelf_life") {
    return holdShortShelfLife ? reason : null
  }
  return reason === "no_stock" ? null : reason
}

const REASON_ORDER: Record<HoldReason, number> = { recalled: 0, quarantined: 1, expired: 2, short_shelf_life: 3 }

/**
 * The hold of one (item, location): the free units of every blocked lot there.
 * Units reserved on a blocked lot are already out of Medusa's available count
 * through the order's own reservation, so only free units are held. An item
 * that is not tracked holds nothing.
 */
export function computeHold(
  lots: HoldCandidate[],
  policy: HoldPolicy,
  today: CalendarDate,
  holdShortShelfLife: boolean
): Hold {
  if (!policy.tracked) {
    return { quantity: 0, lots: [] }
  }
  const held: HeldLot[] = []
  for (const lot of lots) {
    const free = lot.stocked_quantity - lot.reserved_quantity
    if (free <= 0) {
      continue
    }
    const reason = holdReason(lot, policy, today, holdShortShelfLife)
    if (reason) {
      held.push({ lot_id: lot.lot_id, lot_number: lot.lot_number, reason, quantity: free })
    } else if (lot.blocked_serials) {
      // A recall by serial blocks units, not the lot (the recall moves reservations off them first).
      held.push({ lot_id: lot.lot_id, lot_number: lot.lot_number, reason: "recalled", quantity: Math.min(free, lot.blocked_serials) })
    }
  }
  held.sort(
    (a, b) =>
      REASON_ORDER[a.reason] - REASON_ORDER[b.reason] ||
      (a.lot_number < b.lot_number ? -1 : a.lot_number > b.lot_number ? 1 : 0) ||
      (a.lot_id < b.lot_id ? -1 : a.lot_id > b.lot_id ? 1 : 0)
  )
  return { quantity: held.reduce((s, l) => s + l.quantity, 0), lots: held }
}

/** The reservation's description, as staff see it on Medusa's reservation list. */
export function holdDescription(hold: Hold): string {
  const n = hold.lots.length
  const reasons = [...new Set(hold.lots.map((l) => l.reason.replace(/_/g, " ")))]
  return `Held by lot tracking: ${n} ${n === 1 ? "lot" : "lots"} blocked (${reasons.join(", ")})`
}

/** Whether two holds say the same thing (no write needed). */
export function sameHold(a: Hold, b: Hold): boolean {
  return (
    a.quantity === b.quantity &&
    a.lots.length === b.lots.length &&
    a.lots.every(
      (l, i) =>
        l.lot_id === b.lots[i].lot_id &&
        l.lot_number === b.lots[i].lot_number &&
        l.quantity === b.lots[i].quantity &&
        l.reason === b.lots[i].reason
    )
  )
}
