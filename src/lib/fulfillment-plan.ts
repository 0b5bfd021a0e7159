/**
 * Which lots a fulfilment ships (the "fulfilment" flow). Every shipped unit
 * of a tracked item is tied to a lot: named lots first (staff's choice),
 * else the line's reservations at the shipping location in the item's
 * picking order, else fresh lots there by strategy (`chooseLots`).
 * Reservations the shipment did not use are released so lot reservations
 * follow Medusa's. A line that lots cannot cover is refused with a message
 * saying what is missing.
 *
 * Pure: the fulfilment step reads everything under the item lock, calls
 * `planFulfillment`, and applies the ops. Candidate lots are read only for
 * the lines that need them: the planner answers `needs_candidates` for the
 * first pair it lacks, the step reads it and plans again.
 */
import type { AllocationOp, ItemLocation } from "./allocation-ops"
import type { CalendarDate } from "./calendar-date"
import { chooseLots, lotIneligibility, orderCandidates, type CandidateLot, type LotChoicePolicy, type SkippedLot } from "./lot-choice"
import { invalidData, notAllowed } from "./plan-refusal"

/** A lot as the fulfilment sees it: a named lot, or the lot of one of the line's reservations. */
export type FulfillmentLot = {
  id: string
  inventory_item_id: string
  lot_number: string
  status: CandidateLot["status"]
  expires_at: CalendarDate | null
  received_at: Date | string
}

/** One item of the fulfilment: a line, or one part of a kit line. */
export type FulfilledItem = { line_item_id: string; inventory_item_id?: string | null; quantity: number }

/** Staff's explicit choice (`additional_data.lots`). */
export type NamedFulfillmentLot = { line_item_id: string; lot_id: string; quantity: number }

/** A reserved lot allocation of the line, with its lot. */
export type LineReservation = { id: string; location_id: string; quantity: number; lot: FulfillmentLot }

/** A tracked item of the fulfilment with what its line holds, read under the lock. */
export type FulfillmentLine = {
  line_item_id: string
  inventory_item_id: string
  quantity: number
  /** The line's reserved allocations of this item, oldest first. */
  reserved: LineReservation[]
  /** The line's shortfall of this item, if any. */
  shortfall: { location_id: string; quantity: number } | null
}

export type FulfillmentPolicy = LotChoicePolicy & { tracked: boolean }

export type FulfillmentPlanInput = {
  order_id: string
  fulfillment_id: string
  actor_id?: string | null
  /** The fulfilment's location. */
  location_id: string
  /** False when the request named no location: Medusa then took the units where the line was reserved. */
  location_given?: boolean
  /** Every item of the fulfilment, tracked or not. */
  items: FulfilledItem[]
  /** The tracked ones, in the fulfilment's order. */
  lines: FulfillmentLine[]
  named: NamedFulfillmentLot[]
  /** The named lots that exist. */
  named_lots: FulfillmentLot[]
  policies: Map<string, FulfillmentPolicy>
  today: CalendarDate
  /** Candidate lots read so far, keyed `item:location` (`candidateKey`). */
  candidates: Map<string, CandidateLot[]>
}

export type FulfillmentPlan =
  | { ops: AllocationOp[]; holds: ItemLocation[] }
  /** Read the candidate lots of this pair and plan again. */
  | { needs_candidates: ItemLocation }

export const candidateKey = (p: ItemLocation) => `${p.inventory_item_id}:${p.location_id}`

const REASONS: Record<SkippedLot["reason"], string> = {
  quarantined: "is quarantined",
  recalled: "is recalled",
  expired: "is expired",
  short_shelf_life: "has less shelf life left than the item's minimum",
  no_stock: "has no stock",
}

const asCandidate = (lot: FulfillmentLot, available: number): CandidateLot => ({
  lot_id: lot.id,
  lot_number: lot.lot_number,
  status: lot.status,
  expires_at: lot.expires_at,
  received_at: lot.received_at,
  available,
})

/**
 * What can be checked before anything is read: every named line is in this
 * fulfilment and tracked by lot (`tracked` says which items are).
 */
export function checkNamedLines(items: FulfilledItem[], tracked: FulfilledItem[], named: NamedFulfillmentLot[]): void {
  for (const n of named) {
    if (!items.some((i) => i.line_item_id === n.line_item_id)) {
      throw invalidData(`additional_data.lots names line item ${n.line_item_id}, which is not in this fulfillment`)
    }
  }
  const untrackedNamed = named.find((n) => !tracked.some((t) => t.line_item_id === n.line_item_id))
  if (untrackedNamed) {
    throw invalidData(`Line item ${untrackedNamed.line_item_id} is not tracked by lot; remove it from additional_data.lots`)
  }
}

/** Reservations ordered by their lots in the item's picking order (the lot choice rule's order). */
export function inStrategyOrder<T extends { lot: FulfillmentLot }>(reservations: T[], strategy: LotChoicePolicy["strategy"]): T[] {
  const byLot = new Map<string, T[]>()
  for (const r of reservations) {
    byLot.set(r.lot.id, [...(byLot.get(r.lot.id) ?? []), r])
  }
  const lots = [...new Map(reservations.map((r) => [r.lot.id, r.lot])).values()]
  const ordered = orderCandidates(
    lots.map((l) => asCandidate(l, 0)),
    strategy
  )
  return ordered.flatMap((c) => byLot.get(c.lot_id)!)
}

export function planFulfillment(input: FulfillmentPlanInput): FulfillmentPlan {
  const { today, policies, named } = input
  const lotById = new Map(input.named_lots.map((l) => [l.id, l]))
  // Every named lot must belong to a tracked inventory item of its line in this fulfilment
  // (for a kit: one of its parts); anything else is refused, never dropped.
  for (const n of named) {
    const lot = lotById.get(n.lot_id)
    if (!lot) {
      throw invalidData(`Lot ${n.lot_id} was not found`)
    }
    const lineItems = input.items.filter((i) => i.line_item_id === n.line_item_id)
    const part = lineItems.find((i) => i.inventory_item_id === lot.inventory_item_id)
    if (!part) {
      throw invalidData(
        `Lot ${lot.lot_number} belongs to another inventory item than line item ${n.line_item_id}${lineItems.length > 1 ? " (none of its parts)" : ""}`
      )
    }
    if (!policies.get(lot.inventory_item_id)?.tracked) {
      throw invalidData(
        `Line item ${n.line_item_id} is not tracked by lot (inventory item ${lot.inventory_item_id}); remove it from additional_data.lots`
      )
    }
  }
  const ops: AllocationOp[] = []
  const freshUse = new Map<string, number>()
  const holdPairs = new Map<string, ItemLocation>()
  const fulfill = { fulfillment_id: input.fulfillment_id, actor_id: input.actor_id }

  for (const item of input.lines) {
    const itemId = item.inventory_item_id
    const policy = policies.get(itemId)!
    const line = { order_id: input.order_id, line_item_id: item.line_item_id, inventory_item_id: itemId }
    const { reserved, shortfall } = item
    // Where Medusa took the units: the fulfilment's location, unless the request named none; then
    // core decremented stock where the line was reserved (which the line's lot reservations mirror).
    const at: string =
      input.location_given === false ? reserved[0]?.location_id ?? shortfall?.location_id ?? input.location_id : input.location_id
    holdPairs.set(`${itemId}:${at}`, { inventory_item_id: itemId, location_id: at })
    for (const a of reserved) {
      holdPairs.set(`${itemId}:${a.location_id}`, { inventory_item_id: itemId, location_id: a.location_id })
    }
    // The line's reservations it may ship from, soonest-expiring first (FEFO) or oldest first (FIFO).
    const usable = inStrategyOrder(
      reserved.filter((a) => a.location_id === at && !lotIneligibility(asCandidate(a.lot, a.quantity), policy, today)),
      policy.strategy
    )
    const left = new Map(reserved.map((a) => [a.id, a.quantity]))
    let shipped = 0
    let fresh = 0

    const take = (lotId: string, quantity: number) => {
      // Prefer the line's own reservation on this lot, then available units.
      let need = quantity
      for (const a of usable.filter((x) => x.lot.id === lotId)) {
        const q = Math.min(need, left.get(a.id)!)
        if (q > 0) {
          ops.push({ kind: "fulfill", ...line, allocation_id: a.id, lot_id: lotId, location_id: at, quantity: q, ...fulfill })
          left.set(a.id, left.get(a.id)! - q)
          need -= q
        }
      }
      if (need > 0) {
        ops.push({ kind: "fulfill", ...line, allocation_id: null, lot_id: lotId, location_id: at, quantity: need, ...fulfill })
        freshUse.set(lotId, (freshUse.get(lotId) ?? 0) + need)
        fresh += need
      }
      shipped += quantity
    }

    const namedForLine = named.filter((n) => n.line_item_id === item.line_item_id && lotById.get(n.lot_id)?.inventory_item_id === itemId)
    if (namedForLine.length) {
      const total = namedForLine.reduce((s, n) => s + n.quantity, 0)
      if (total !== item.quantity) {
        throw invalidData(
          `additional_data.lots for line item ${item.line_item_id} add up to ${total} units, but ${item.quantity} are being fulfilled`
        )
      }
      for (const n of namedForLine) {
        const lot = lotById.get(n.lot_id)!
        // Staff may ship a lot below the minimum shelf life on purpose; never a blocked or expired one.
        const problem = lotIneligibility(asCandidate(lot, 1), { ...policy, min_shelf_life_days: 0 }, today)
        if (problem) {
          throw notAllowed(`Lot ${lot.lot_number} ${REASONS[problem]} and cannot be shipped`)
        }
        take(lot.id, n.quantity)
      }
    } else {
      for (const a of usable) {
        const q = Math.min(item.quantity - shipped, left.get(a.id)!)
        if (q > 0) {
          take(a.lot.id, q)
        }
      }
      if (shipped < item.quantity) {
        const pair = { inventory_item_id: itemId, location_id: at }
        const read = input.candidates.get(candidateKey(pair))
        if (!read) {
          return { needs_candidates: pair }
        }
        // Usable reservations are all consumed by now, so available units are what is left.
        const candidates = read.map((c) => ({ ...c, available: Math.max(0, c.available - (freshUse.get(c.lot_id) ?? 0)) }))
        const choice = chooseLots(item.quantity - shipped, candidates, policy, today)
        if (choice.shortfall > 0) {
          throw invalidData(
            `Cannot fulfill line item ${item.line_item_id}: ${item.quantity} units of inventory item ${itemId} must ship with a lot, but eligible lots at location ${at} cover only ${item.quantity - choice.shortfall}. Receive the stock into a lot, release a quarantined lot, or name lots in additional_data.lots.`
          )
        }
        for (const pick of choice.picks) {
          take(pick.lot_id, pick.quantity)
        }
      }
    }

    // Medusa lowered the line's reservation by every shipped unit. Units that shipped
    // from the line's own lot reservations consumed them; units shipped without one
    // cover the line's shortfall first (it is part of Medusa's reservation too), and
    // only the rest releases lot reservations: unusable ones first, then the
    // latest-expiring, so FEFO holds for what is still to ship.
    const coveredShortfall = Math.min(fresh, shortfall?.quantity ?? 0)
    if (shortfall && coveredShortfall > 0) {
      ops.push({ kind: "shortfall", ...line, location_id: shortfall.location_id, quantity: shortfall.quantity - coveredShortfall })
    }
    let toRelease = fresh - coveredShortfall
    const releaseOrder = [...reserved.filter((a) => !usable.includes(a)), ...[...usable].reverse()]
    for (const a of releaseOrder) {
      const q = Math.min(toRelease, left.get(a.id)!)
      if (q > 0) {
        ops.push({ kind: "release", allocation_id: a.id, quantity: q, reason: "shipped from another lot or location", actor_id: input.actor_id })
        left.set(a.id, left.get(a.id)! - q)
        toRelease -= q
      }
    }
  }
  return { ops, holds: [...holdPairs.values()] }
}
