/**
 * Staff choose the lots of an order line before it ships (the "staff pick"
 * flow): the line's current lot reservations are released and the named
 * lots reserved instead, at the location where Medusa holds the line's
 * stock; what the named lots leave of Medusa's reservation is the line's
 * shortfall. A named lot that may not ship today (blocked, expired, below
 * the item's minimum shelf life) is refused, never assigned.
 *
 * Pure: the step reads the lots, policy, day and reservations under the
 * item lock and applies the ops.
 */
import type { AllocationOp, ItemLocation } from "./allocation-ops"
import type { CalendarDate } from "./calendar-date"
import { lotIneligibility, type CandidateLot, type LotChoicePolicy } from "./lot-choice"
import { invalidData, notAllowed } from "./plan-refusal"

/** A named lot; for a serialized item, the serials staff picked from it (`serial_numbers.length` = quantity). */
export type AssignedLot = { lot_id: string; quantity: number; serial_numbers?: string[] }

export type AssignableLot = {
  id: string
  inventory_item_id: string
  lot_number: string
  status: CandidateLot["status"]
  expires_at: CalendarDate | null
  received_at: Date | string
}

/** The one inventory item the named lots are of; refuses a lot that does not exist or lots of several items. */
export function assignedItem(named: AssignedLot[], lots: Pick<AssignableLot, "id" | "inventory_item_id">[]): string {
  const found = new Set(lots.map((l) => l.id))
  const missing = named.find((l) => !found.has(l.lot_id))
  if (missing) {
    throw invalidData(`Lot ${missing.lot_id} does not exist`)
  }
  const itemIds = [...new Set(lots.map((l) => l.inventory_item_id))]
  if (itemIds.length !== 1) {
    throw invalidData("All lots named for a line must be lots of the same inventory item")
  }
  return itemIds[0]
}

/** The named lots may not add up to more units than Medusa still reserves for the line. */
export function checkAssignedUnits(line_item_id: string, named: AssignedLot[], reservedUnits: number): number {
  const total = named.reduce((s, l) => s + l.quantity, 0)
  if (total > reservedUnits) {
    throw invalidData(`The named lots add up to ${total} units, but only ${reservedUnits} units of line item ${line_item_id} are still to ship`)
  }
  return total
}

export function planLineAssignment(input: {
  order_id: string
  line_item_id: string
  inventory_item_id: string
  actor_id?: string | null
  named: AssignedLot[]
  /** The named lots as they are now. */
  lots: AssignableLot[]
  policy: LotChoicePolicy
  today: CalendarDate
  /** Medusa's reservation of the line: where and how many units it still holds. */
  reservation: { location_id: string; quantity: number }
  /** The line's reserved lot allocations of the item. */
  current: { id: string; quantity: number; location_id: string }[]
}): { ops: AllocationOp[]; holds: ItemLocation[] } {
  const { reservation } = input
  const total = checkAssignedUnits(input.line_item_id, input.named, reservation.quantity)
  const lotById = new Map(input.lots.map((l) => [l.id, l]))
  for (const l of input.named) {
    const lot = lotById.get(l.lot_id)
    if (!lot) {
      throw invalidData(`Lot ${l.lot_id} does not exist`)
    }
    const problem = lotIneligibility(
      { lot_id: lot.id, lot_number: lot.lot_number, status: lot.status, expires_at: lot.expires_at, received_at: lot.received_at, available: 1 },
      input.policy,
      input.today
    )
    if (problem) {
      throw notAllowed(`Lot ${lot.lot_number} cannot be assigned: ${problem.replace(/_/g, " ")}`)
    }
  }
  const line = { order_id: input.order_id, line_item_id: input.line_item_id, inventory_item_id: input.inventory_item_id }
  const ops: AllocationOp[] = [
    ...input.current.map(
      (a): AllocationOp => ({ kind: "release", allocation_id: a.id, quantity: a.quantity, reason: "lots chosen by staff", actor_id: input.actor_id })
    ),
    ...input.named.map(
      (l): AllocationOp => ({
        kind: "reserve",
        ...line,
        lot_id: l.lot_id,
        location_id: reservation.location_id,
        quantity: l.quantity,
        source: "manual",
        actor_id: input.actor_id,
        ...(l.serial_numbers?.length ? { serial_numbers: l.serial_numbers } : {}),
      })
    ),
    { kind: "shortfall", ...line, location_id: reservation.location_id, quantity: reservation.quantity - total },
  ]
  const holds = [...new Set([reservation.location_id, ...input.current.map((a) => a.location_id)])].map((location_id) => ({
    inventory_item_id: input.inventory_item_id,
    location_id,
  }))
  return { ops, holds }
}
