/**
 * Opening a recall by serial (docs/SERIALS.md): the units are blocked where
 * they are, and a lot whose free units no longer cover its blocked units
 * (its other units were reserved for orders) gives back reservations, the
 * latest first, so those order lines are reserved again elsewhere
 * (`planRecallReallocation`) instead of waiting for serials that cannot ship.
 *
 * Pure: the step reads the serials, the candidate lots and the reservations
 * under the items' lock.
 */
import type { CandidateLot } from "./lot-choice"
import type { RecalledReservation } from "./recall-reallocation"

/** Units newly blocked in stock, per `lot_id:location_id`. */
export type BlockedOnHand = Map<string, number>

/** What a reservation gives back: a part of it (the latest units first). */
export function serialRecallReleases(input: {
  blocked: BlockedOnHand
  /** Candidate lots keyed `item:location`, `available` = stocked - reserved - units already blocked. */
  candidates: Map<string, CandidateLot[]>
  /** Open reservations on the lots concerned, oldest first. */
  reservations: (RecalledReservation & { lot_id: string })[]
}): RecalledReservation[] {
  const available = new Map<string, number>()
  for (const [pair, lots] of input.candidates) {
    const location = pair.slice(pair.indexOf(":") + 1)
    for (const lot of lots) {
      available.set(`${lot.lot_id}:${location}`, lot.available)
    }
  }
  const out: RecalledReservation[] = []
  for (const [key, blocked] of input.blocked) {
    let excess = blocked - Math.max(0, available.get(key) ?? 0)
    const [lotId, locationId] = key.split(":")
    const latestFirst = input.reservations.filter((r) => r.lot_id === lotId && r.location_id === locationId).reverse()
    for (const r of latestFirst) {
      if (excess <= 0) {
        break
      }
      const quantity = Math.min(excess, r.quantity)
      const { lot_id: _lot, ...reservation } = r
      out.push({ ...reservation, quantity })
      excess -= quantity
    }
  }
  return out
}

/** Candidate lots without the units just blocked. */
export function withoutBlocked(candidates: Map<string, CandidateLot[]>, blocked: BlockedOnHand): Map<string, CandidateLot[]> {
  return new Map(
    [...candidates].map(([pair, lots]) => {
      const location = pair.slice(pair.indexOf(":") + 1)
      return [pair, lots.map((l) => ({ ...l, available: l.available - (blocked.get(`${l.lot_id}:${location}`) ?? 0) }))]
    })
  )
}
