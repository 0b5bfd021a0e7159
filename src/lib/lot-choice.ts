/**
 * Which lots an order line takes (the "order placed" flow and every later allocation): order the lots at
 * the location by the item's strategy, skip the ones that may not ship, and
 * take greedily, splitting the line when one lot is not enough.
 *
 * Pure on purpose: the allocation workflow loads candidates under the
 * inventory item lock, calls this, then reserves with conditional updates.
 * Keeping the rule here means it is tested without a database and the same
 * answer comes out for the same input on every instance.
 */
import { CalendarDate, isCalendarDate } from "./calendar-date"
import { hasMinimumShelfLife, isExpired } from "./expiry"

export type LotStrategy = "fefo" | "fifo"

export type CandidateLot = {
  lot_id: string
  lot_number: string
  status: "active" | "quarantined" | "recalled"
  /** YYYY-MM-DD, the last day the goods are fit for use; null when the lot has none. */
  expires_at: CalendarDate | null
  /** An instant. */
  received_at: Date | string
  /** stocked - reserved at the location: an integer >= 0. */
  available: number
}

export type LotChoicePolicy = { strategy: LotStrategy; min_shelf_life_days: number }

export type LotPick = { lot_id: string; lot_number: string; quantity: number }

export type SkippedLot = {
  lot_id: string
  lot_number: string
  reason: "quarantined" | "recalled" | "expired" | "short_shelf_life" | "no_stock"
}

export type LotChoice = {
  /** In strategy order; every quantity > 0 and <= the lot's available. */
  picks: LotPick[]
  /** Units that all eligible lots together cannot cover; 0 when covered. */
  shortfall: number
  /** Every ineligible candidate (in strategy order), needed or not, so staff can see why stock was passed over. */
  skipped: SkippedLot[]
}

function receivedAtMs(candidate: CandidateLot): number {
  const ms = new Date(candidate.received_at).getTime()
  // A NaN would make the comparator inconsistent and the order depend on the sort's internals.
  if (Number.isNaN(ms)) {
    throw new Error(
      `Lot ${candidate.lot_number} (${candidate.lot_id}) has an invalid received_at: ${String(candidate.received_at)}`
    )
  }
  return ms
}

// Plain code-unit comparison, not localeCompare: the order must not depend on
// the server's locale or ICU data.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The candidates in picking order, as a new array (the input is not touched).
 * FEFO: earliest expiry first, lots without expiry last (they cannot go off,
 * so they should wait), then received_at, lot_number, lot_id.
 * FIFO: earliest received_at first, then lot_number, lot_id.
 * The final lot_id tie-break makes the order total, hence deterministic.
 */
export function orderCandidates(candidates: CandidateLot[], strategy: LotStrategy): CandidateLot[] {
  if (strategy !== "fefo" && strategy !== "fifo") {
    throw new Error(`Unknown lot strategy "${String(strategy)}": expected "fefo" or "fifo"`)
  }
  for (const candidate of candidates) {
    if (candidate.expires_at !== null && !isCalendarDate(candidate.expires_at)) {
      // expires_at is compared as text, which is only correct for real YYYY-MM-DD dates.
      throw new Error(
        `Lot ${candidate.lot_number} (${candidate.lot_id}) has an invalid expires_at: ${String(candidate.expires_at)} (expected YYYY-MM-DD or null)`
      )
    }
  }
  // Compute the instants once; also validates every received_at up front.
  const keyed = candidates.map((candidate) => ({ candidate, received: receivedAtMs(candidate) }))

  keyed.sort((a, b) => {
    if (strategy === "fefo") {
      const ea = a.candidate.expires_at
      const eb = b.candidate.expires_at
      if (ea !== eb) {
        if (ea === null) {
          return 1
        }
        if (eb === null) {
          return -1
        }
        return compareText(ea, eb)
      }
    }
    return (
      a.received - b.received ||
      compareText(a.candidate.lot_number, b.candidate.lot_number) ||
      compareText(a.candidate.lot_id, b.candidate.lot_id)
    )
  })
  return keyed.map(({ candidate }) => candidate)
}

/**
 * Why a lot may not be picked today, or null when it may. Blocking status
 * comes first (it is a decision by staff), then dates, then stock, so the
 * reason shown is the most telling one.
 */
export function lotIneligibility(
  candidate: CandidateLot,
  policy: LotChoicePolicy,
  today: CalendarDate
): SkippedLot["reason"] | null {
  if (candidate.status === "recalled") {
    return "recalled"
  }
  if (candidate.status === "quarantined") {
    return "quarantined"
  }
  if (isExpired(candidate.expires_at, today)) {
    return "expired"
  }
  if (!hasMinimumShelfLife(candidate.expires_at, today, policy.min_shelf_life_days)) {
    return "short_shelf_life"
  }
  if (candidate.available <= 0) {
    return "no_stock"
  }
  return null
}

function validate(quantity: number, candidates: CandidateLot[], policy: LotChoicePolicy, today: CalendarDate): void {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new Error(`Quantity to allocate must be a positive integer (got ${String(quantity)})`)
  }
  if (!isCalendarDate(today)) {
    throw new Error(`today must be a calendar date YYYY-MM-DD (got ${String(today)})`)
  }
  if (!Number.isSafeInteger(policy.min_shelf_life_days) || policy.min_shelf_life_days < 0) {
    throw new Error(
      `min_shelf_life_days must be an integer >= 0 (got ${String(policy.min_shelf_life_days)})`
    )
  }
  const seen = new Set<string>()
  for (const candidate of candidates) {
    if (!Number.isSafeInteger(candidate.available) || candidate.available < 0) {
      throw new Error(
        `Lot ${candidate.lot_number} (${candidate.lot_id}) has an invalid available quantity: ${String(candidate.available)} (expected an integer >= 0)`
      )
    }
    // The same lot twice would let one line take its units twice.
    if (seen.has(candidate.lot_id)) {
      throw new Error(`Lot ${candidate.lot_id} appears more than once among the candidates`)
    }
    seen.add(candidate.lot_id)
  }
}

/**
 * Choose lots for one order line of `quantity` units. Greedy in strategy
 * order: each eligible lot gives all it has until the line is covered, so
 * only the last pick can be partial and later-expiring stock is never taken
 * while earlier stock is still available.
 */
export function chooseLots(
  quantity: number,
  candidates: CandidateLot[],
  policy: LotChoicePolicy,
  today: CalendarDate
): LotChoice {
  validate(quantity, candidates, policy, today)

  const picks: LotPick[] = []
  const skipped: SkippedLot[] = []
  let remaining = quantity

  for (const candidate of orderCandidates(candidates, policy.strategy)) {
    const reason = lotIneligibility(candidate, policy, today)
    if (reason) {
      skipped.push({ lot_id: candidate.lot_id, lot_number: candidate.lot_number, reason })
      continue
    }
    if (remaining === 0) {
      continue
    }
    const take = Math.min(remaining, candidate.available)
    picks.push({ lot_id: candidate.lot_id, lot_number: candidate.lot_number, quantity: take })
    remaining -= take
  }

  return { picks, shortfall: remaining, skipped }
}
