/**
 * Lot allocations follow Medusa's reservations. Whatever changed an order's
 * reservations (checkout, an order edit, a claim or exchange, a draft order
 * turned into an order, reservations made by hand or by another plugin),
 * this plans the operations that make the order's reserved lot allocations
 * plus shortfalls equal, per line, inventory item and location, to what
 * Medusa reserves: quantity down releases the excess (shortfall first, then
 * blocked lots, then the latest-expiring, so FEFO holds for what is left),
 * quantity up or a new line allocates by strategy, a line whose reservation
 * is gone releases everything. Pure and convergent: planning again on the
 * result plans nothing, which is what makes the sync idempotent.
 */
import type { AllocationOp } from "./allocation-ops"
import type { CalendarDate } from "./calendar-date"
import { chooseLots, lotIneligibility, orderCandidates, type CandidateLot, type LotChoicePolicy } from "./lot-choice"

/** What Medusa reserves: units of one inventory item for one order line at one location. */
export type WantedUnits = { line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }

/** A reserved lot allocation of the order, with its lot as it is now. */
export type HeldAllocation = {
  id: string
  line_item_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  lot: Omit<CandidateLot, "available">
}

export type HeldShortfall = { line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }

export type SyncOp =
  | { kind: "release"; allocation_id: string; quantity: number }
  | { kind: "reserve"; line_item_id: string; inventory_item_id: string; location_id: string; lot_id: string; quantity: number }
  | { kind: "shortfall"; line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }

const key = (line: string, item: string) => `${line}|${item}`

export function planOrderLotSync(input: {
  wanted: WantedUnits[]
  allocations: HeldAllocation[]
  shortfalls: HeldShortfall[]
  candidatesFor: (inventoryItemId: string, locationId: string) => CandidateLot[]
  policyFor: (inventoryItemId: string) => LotChoicePolicy
  today: CalendarDate
}): SyncOp[] {
  const { today } = input
  const ops: SyncOp[] = []
  // Units given away in this plan, so two lines never take the same free unit.
  const used = new Map<string, number>()

  const pairs = new Map<string, { line_item_id: string; inventory_item_id: string }>()
  for (const x of [...input.wanted, ...input.allocations, ...input.shortfalls]) {
    pairs.set(key(x.line_item_id, x.inventory_item_id), { line_item_id: x.line_item_id, inventory_item_id: x.inventory_item_id })
  }

  for (const { line_item_id, inventory_item_id } of pairs.values()) {
    const policy = input.policyFor(inventory_item_id)
    const wanted = input.wanted.filter((w) => w.line_item_id === line_item_id && w.inventory_item_id === inventory_item_id)
    const allocations = input.allocations.filter((a) => a.line_item_id === line_item_id && a.inventory_item_id === inventory_item_id)
    const shortfall = input.shortfalls.find((s) => s.line_item_id === line_item_id && s.inventory_item_id === inventory_item_id)
    const locations = [...new Set([...wanted.map((w) => w.location_id), ...allocations.map((a) => a.location_id)])].sort()
    // The one shortfall row of the line: kept at its location while units are still missing there.
    const shortLeft = new Map<string, number>(shortfall ? [[shortfall.location_id, shortfall.quantity]] : [])
    const shortAfter = new Map<string, number>()

    for (const location_id of locations) {
      const target = wanted.filter((w) => w.location_id === location_id).reduce((s, w) => s + w.quantity, 0)
      const here = allocations.filter((a) => a.location_id === location_id)
      const reserved = here.reduce((s, a) => s + a.quantity, 0)
      const short = shortLeft.get(location_id) ?? 0
      shortLeft.delete(location_id)
      let excess = reserved + short - target
      if (excess >= 0) {
        // Shortfall first: units promised but not on any lot are the first to go.
        const fromShort = Math.min(excess, short)
        shortAfter.set(location_id, short - fromShort)
        excess -= fromShort
        // Then lots that may not ship, then the latest in picking order.
        const ordered = releaseOrder(here, policy, today)
        for (const a of ordered) {
          if (excess <= 0) {
            break
          }
          const q = Math.min(excess, a.quantity)
          ops.push({ kind: "release", allocation_id: a.id, quantity: q })
          excess -= q
        }
        continue
      }
      // Missing units: allocate by strategy, whatever no lot covers is the shortfall.
      const missing = -excess
      const candidates = input.candidatesFor(inventory_item_id, location_id).map((c) => ({
        ...c,
        available: Math.max(0, c.available - (used.get(`${c.lot_id}:${location_id}`) ?? 0)),
      }))
      const choice = chooseLots(missing, candidates, policy, today)
      for (const pick of choice.picks) {
        const k = `${pick.lot_id}:${location_id}`
        used.set(k, (used.get(k) ?? 0) + pick.quantity)
        ops.push({ kind: "reserve", line_item_id, inventory_item_id, location_id, lot_id: pick.lot_id, quantity: pick.quantity })
      }
      shortAfter.set(location_id, short + choice.shortfall)
    }
    // A shortfall at a location the line no longer reserves at (left in shortLeft) is dropped.
    const remaining = [...shortAfter.entries()].filter(([, q]) => q > 0)
    const total = remaining.reduce((s, [, q]) => s + q, 0)
    const at = remaining.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? shortfall?.location_id
    if ((shortfall?.quantity ?? 0) !== total || (total > 0 && shortfall && shortfall.location_id !== at)) {
      ops.push({ kind: "shortfall", line_item_id, inventory_item_id, location_id: at ?? locations[0], quantity: total })
    }
  }
  return ops
}

/** Which reserved units go first when a line needs fewer: blocked lots, then the latest in picking order. */
function releaseOrder(allocations: HeldAllocation[], policy: LotChoicePolicy, today: CalendarDate): HeldAllocation[] {
  const blocked = allocations.filter((a) => lotIneligibility({ ...a.lot, available: 1 }, { ...policy, min_shelf_life_days: 0 }, today))
  const fine = allocations.filter((a) => !blocked.includes(a))
  const order = orderCandidates(
    [...new Map(fine.map((a) => [a.lot.lot_id, { ...a.lot, available: 0 }])).values()],
    policy.strategy
  ).map((c) => c.lot_id)
  const byLot = (a: HeldAllocation) => order.indexOf(a.lot.lot_id)
  return [...blocked, ...[...fine].sort((a, b) => byLot(b) - byLot(a) || (a.id < b.id ? 1 : -1))]
}

/**
 * The sync's plan as the allocation plan's operations for one order, with
 * the units it reserves and releases. `release_reason` goes on each release's
 * movement; `reserve_reason` (e.g. reconcile) on each reserve's, none for an
 * order's own allocation.
 */
export function orderSyncOps(
  planned: SyncOp[],
  orderId: string,
  options: { actor_id?: string | null; release_reason: string; reserve_reason?: string | null }
): { ops: AllocationOp[]; reserved_units: number; released_units: number } {
  const ops = planned.map((op): AllocationOp => {
    if (op.kind === "release") {
      return { kind: "release", allocation_id: op.allocation_id, quantity: op.quantity, reason: options.release_reason, actor_id: options.actor_id }
    }
    if (op.kind === "reserve") {
      const reason = options.reserve_reason ? { reason: options.reserve_reason } : {}
      return { ...op, order_id: orderId, ...reason, actor_id: options.actor_id }
    }
    return { ...op, order_id: orderId }
  })
  const units = (kind: SyncOp["kind"]) => planned.filter((o) => o.kind === kind).reduce((s, o) => s + o.quantity, 0)
  return { ops, reserved_units: units("reserve"), released_units: units("release") }
}
