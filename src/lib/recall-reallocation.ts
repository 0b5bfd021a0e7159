/**
 * Step (b) of opening a recall: every open reservation on the recalled lots
 * is released and its order line is reserved again on other eligible lots
 * at the same location, by the item's strategy (`chooseLots`). Units no lot
 * can cover become the line's shortfall, added to any it already had, so
 * they show on the order and block its fulfilment until stock comes in.
 *
 * Pure: the step reads the reservations, candidate lots, policies, day and
 * existing shortfalls under the items' lock and applies the ops.
 */
import type { AllocationOp } from "./allocation-ops"
import type { CalendarDate } from "./calendar-date"
import { chooseLots, type CandidateLot, type LotChoicePolicy } from "./lot-choice"

export type ReallocatedLine = {
  order_id: string
  line_item_id: string
  inventory_item_id: string
  location_id: string
  /** Units that were reserved on the recalled lots and are now released. */
  released: number
  /** Units reserved again on other eligible lots, by strategy. */
  reallocated: { lot_id: string; lot_number: string; quantity: number }[]
  /** Units no eligible lot could cover: recorded as the line's shortfall. */
  shortfall: number
}

export type Reallocation = {
  lines: ReallocatedLine[]
  released_units: number
  reallocated_units: number
  shortfall_units: number
  /** How long the step took (planning, lock wait and writes). */
  duration_ms?: number
}

/** An open reservation on a recalled lot. */
export type RecalledReservation = {
  id: string
  order_id: string
  line_item_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
}

/** The report when nothing was reserved on the recalled lots. */
export const noReallocation = (): Reallocation => ({ lines: [], released_units: 0, reallocated_units: 0, shortfall_units: 0 })

/** The (item, location) pairs whose candidate lots the plan needs. */
export function reallocationPairs(reserved: RecalledReservation[]): { inventory_item_id: string; location_id: string }[] {
  return [
    ...new Map(
      reserved.map((a) => [`${a.inventory_item_id}:${a.location_id}`, { inventory_item_id: a.inventory_item_id, location_id: a.location_id }])
    ).values(),
  ]
}

export function planRecallReallocation(input: {
  /** Open reservations on the recalled lots, in the order they were made. */
  reserved: RecalledReservation[]
  /** The movement reason of each release, e.g. `lot recalled (RCL-2026-0001)`. */
  reason: string
  actor_id: string | null
  policies: Map<string, LotChoicePolicy>
  today: CalendarDate
  /** Candidate lots keyed `item:location`, for every pair of `reallocationPairs`. */
  candidates: Map<string, CandidateLot[]>
  /** The existing shortfalls of the lines concerned. */
  shortfalls: { line_item_id: string; inventory_item_id: string; quantity: number }[]
}): { ops: AllocationOp[]; reallocation: Reallocation } {
  const { reserved, today } = input
  if (!reserved.length) {
    return { ops: [], reallocation: noReallocation() }
  }
  const ops: AllocationOp[] = reserved.map((a) => ({
    kind: "release",
    allocation_id: a.id,
    quantity: a.quantity,
    reason: input.reason,
    actor_id: input.actor_id,
  }))

  // One entry per order line and location, in the order the reservations were made.
  const lines = new Map<string, ReallocatedLine>()
  for (const a of reserved) {
    const key = `${a.line_item_id}:${a.inventory_item_id}:${a.location_id}`
    const line = lines.get(key) ?? {
      order_id: a.order_id,
      line_item_id: a.line_item_id,
      inventory_item_id: a.inventory_item_id,
      location_id: a.location_id,
      released: 0,
      reallocated: [],
      shortfall: 0,
    }
    line.released += a.quantity
    lines.set(key, line)
  }

  // Units given away in this plan, so two lines never take the same free unit.
  const used = new Map<string, number>()
  for (const line of lines.values()) {
    const candidates = (input.candidates.get(`${line.inventory_item_id}:${line.location_id}`) ?? []).map((c) => ({
      ...c,
      available: Math.max(0, c.available - (used.get(`${c.lot_id}:${line.location_id}`) ?? 0)),
    }))
    const choice = chooseLots(line.released, candidates, input.policies.get(line.inventory_item_id)!, today)
    for (const pick of choice.picks) {
      const key = `${pick.lot_id}:${line.location_id}`
      used.set(key, (used.get(key) ?? 0) + pick.quantity)
      line.reallocated.push({ lot_id: pick.lot_id, lot_number: pick.lot_number, quantity: pick.quantity })
      ops.push({
        kind: "reserve",
        order_id: line.order_id,
        line_item_id: line.line_item_id,
        inventory_item_id: line.inventory_item_id,
        location_id: line.location_id,
        lot_id: pick.lot_id,
        quantity: pick.quantity,
        source: "auto",
        actor_id: input.actor_id,
      })
    }
    line.shortfall = choice.shortfall
  }

  // A line's shortfall is one row per (line, item): add what is now uncovered to what it had.
  const uncovered = new Map<string, { line: ReallocatedLine; units: number }>()
  for (const line of lines.values()) {
    if (line.shortfall > 0) {
      const key = `${line.line_item_id}:${line.inventory_item_id}`
      const entry = uncovered.get(key) ?? { line, units: 0 }
      entry.units += line.shortfall
      uncovered.set(key, entry)
    }
  }
  for (const { line, units } of uncovered.values()) {
    const had = input.shortfalls
      .filter((x) => x.line_item_id === line.line_item_id && x.inventory_item_id === line.inventory_item_id)
      .reduce((s, x) => s + x.quantity, 0)
    ops.push({
      kind: "shortfall",
      order_id: line.order_id,
      line_item_id: line.line_item_id,
      inventory_item_id: line.inventory_item_id,
      location_id: line.location_id,
      quantity: had + units,
    })
  }

  const all = [...lines.values()]
  return {
    ops,
    reallocation: {
      lines: all,
      released_units: all.reduce((s, l) => s + l.released, 0),
      reallocated_units: all.reduce((s, l) => s + l.reallocated.reduce((t, r) => t + r.quantity, 0), 0),
      shortfall_units: all.reduce((s, l) => s + l.shortfall, 0),
    },
  }
}
