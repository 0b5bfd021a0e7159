/**
 * Onboarding existing stock: the pure rules of an opening balance (units
 * Medusa already counts, put into lots without moving Medusa's level) and of
 * bins (the shelf a lot's units sit on at a location). Used by
 * `POST /admin/lot-tracking/opening-balance` (workflow `open-lot-balance`)
 * and by the CSV import in mode `opening_balance`, so both refuse the same
 * things with the same words. See docs/ONBOARDING.md.
 */
import type { CalendarDate } from "./calendar-date"
import { isExpired } from "./expiry"
import { newLotProblem, type NewLotPolicy } from "./new-lot"

export { newLotProblem, type NewLotDates, type NewLotPolicy } from "./new-lot"

/** Bins are shelf codes: 1 to 32 characters (the `lot_stock_bin_length` CHECK). */
export const BIN_MAX_LENGTH = 32
/** Lines of one opening balance (one item at one location). */
export const OPENING_BALANCE_MAX_LOTS = 500
/** The supplier's own batch code: 1 to 100 characters. */
export const SUPPLIER_LOT_CODE_MAX_LENGTH = 100

/** Why a bin is refused, or null. Bins are kept as written, without surrounding spaces. */
export function binProblem(bin: unknown, field = "bin"): string | null {
  if (typeof bin !== "string") {
    return `${field} must be text (a shelf code)`
  }
  const trimmed = bin.trim()
  if (!trimmed) {
    return `${field} must not be blank`
  }
  if (trimmed.length > BIN_MAX_LENGTH) {
    return `${field} must be at most ${BIN_MAX_LENGTH} characters`
  }
  return null
}

/** Why a supplier lot code is refused, or null. */
export function supplierLotCodeProblem(code: unknown, field = "supplier_lot_code"): string | null {
  if (typeof code !== "string") {
    return `${field} must be text`
  }
  const trimmed = code.trim()
  if (!trimmed) {
    return `${field} must not be blank`
  }
  if (trimmed.length > SUPPLIER_LOT_CODE_MAX_LENGTH) {
    return `${field} must be at most ${SUPPLIER_LOT_CODE_MAX_LENGTH} characters`
  }
  return null
}

/** Supplier lot codes are unique per item and supplier; suppliers compare without case, no supplier is one supplier. */
export const supplierKey = (supplier: string | null | undefined) => (supplier ?? "").toLowerCase()

/**
 * What a receipt with a bin does to the lot's stock row at the location:
 * `set` the row's bin, and record a `put_away` movement when units already
 * there move to another bin. No bin given: nothing changes. A new row (or
 * one without units) just takes the bin: the receipt itself says where the
 * units went.
 */
export function binChange(
  previous: { bin: string | null; stocked_quantity: number } | null,
  given: string | null | undefined
): { set: boolean; put_away: { from_bin: string | null; to_bin: string | null } | null } {
  if (given === undefined || (previous && previous.bin === given)) {
    return { set: false, put_away: null }
  }
  if (!previous || previous.stocked_quantity <= 0) {
    return { set: !(previous === null && given === null), put_away: null }
  }
  return { set: true, put_away: { from_bin: previous.bin, to_bin: given } }
}

/** Units Medusa counts at a location that no lot holds: never negative. */
export function unassignedUnits(levelStocked: number, lotStocked: number): number {
  return Math.max(0, levelStocked - lotStocked)
}

/** One line of an opening balance, as the API and the CSV import give it. */
export type OpeningBalanceLine = {
  lot_number?: string | null
  supplier_lot_code?: string | null
  supplier?: string | null
  manufactured_at?: CalendarDate | null
  expires_at?: CalendarDate | null
  best_before?: CalendarDate | null
  quantity: number
  bin?: string | null
}

/** An existing lot of the item, as far as an opening balance line must agree with it. */
export type ExistingLot = {
  id: string
  lot_number: string
  status: string
  supplier_lot_code: string | null
  supplier: string | null
  manufactured_at: CalendarDate | null
  expires_at: CalendarDate | null
  best_before: CalendarDate | null
  metadata?: Record<string, unknown> | null
}

/**
 * Checks the lines of one opening balance among themselves: 1 to 500 lines,
 * whole quantities of at least 1, valid bins, and no lot number twice (the
 * units of one lot go on one line). Returns the first problem, or null.
 */
export function openingBalanceLinesProblem(lines: OpeningBalanceLine[]): string | null {
  if (!lines.length) {
    return "lots must name at least one lot"
  }
  if (lines.length > OPENING_BALANCE_MAX_LOTS) {
    return `lots may name at most ${OPENING_BALANCE_MAX_LOTS} lots per request`
  }
  const seen = new Set<string>()
  const codes = new Set<string>()
  for (const [i, line] of lines.entries()) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      return `lots[${i}].quantity must be a whole number greater than 0`
    }
    if (line.bin !== undefined && line.bin !== null) {
      const problem = binProblem(line.bin, `lots[${i}].bin`)
      if (problem) {
        return problem
      }
    }
    if (line.lot_number) {
      if (seen.has(line.lot_number)) {
        return `Lot ${line.lot_number} appears twice in lots; give one line per lot with its whole quantity`
      }
      seen.add(line.lot_number)
    }
    if (line.supplier_lot_code) {
      const code = `${supplierKey(line.supplier)}\u0000${line.supplier_lot_code}`
      if (codes.has(code)) {
        return `Supplier lot code ${line.supplier_lot_code} appears twice in lots; one lot per supplier code`
      }
      codes.add(code)
    }
  }
  return null
}

/** Total units the lines put into lots. */
export const openingBalanceUnits = (lines: Pick<OpeningBalanceLine, "quantity">[]) => lines.reduce((s, l) => s + l.quantity, 0)

/** The refusal when the lines ask for more units than are unassigned (nothing is changed). */
export function overAssignmentProblem(input: { requested: number; unassigned: number; sku: string | null; location: string }): string | null {
  if (input.requested <= input.unassigned) {
    return null
  }
  const units = (n: number) => `${n} ${n === 1 ? "unit" : "units"}`
  return `Cannot put ${units(input.requested)} into lots: only ${units(input.unassigned)} of ${input.sku ?? "this item"} at ${input.location} are not in any lot`
}

const ATTRIBUTES = ["supplier_lot_code", "supplier", "manufactured_at", "expires_at", "best_before"] as const

/**
 * A line naming a lot that exists: its units go into that lot, so any
 * attribute it gives must be the lot's (a different date means a different
 * batch, or a typing error). Recalled lots take no units; expired ones only
 * with `allow_expired`. Returns the problem, or null.
 */
export function existingLotProblem(
  line: OpeningBalanceLine,
  lot: ExistingLot,
  today: CalendarDate,
  options: { allow_expired?: boolean } = {}
): string | null {
  for (const field of ATTRIBUTES) {
    const given = line[field]
    if (given !== undefined && given !== null && given !== lot[field]) {
      return `Lot ${lot.lot_number} exists with ${field} ${lot[field] ?? "empty"}, not ${given}; leave ${field} out to add the units to it, or correct the lot first`
    }
  }
  if (lot.status === "recalled") {
    return `Lot ${lot.lot_number} is recalled; stock cannot be put into it`
  }
  if (lot.metadata?.lot_tracking === "awaiting_lot_confirmation") {
    return `Lot ${lot.lot_number} holds returned units awaiting lot confirmation; stock cannot be put into it`
  }
  if (isExpired(lot.expires_at, today) && !options.allow_expired) {
    return `Lot ${lot.lot_number} expired on ${lot.expires_at}; receiving expired stock is refused unless allow_expired is true`
  }
  return null
}

/**
 * Every rule of one opening balance that needs no database beyond the
 * existing lots of the item (by lot number), today and the item's policy:
 * the lines among themselves, each existing lot's agreement, each new lot's
 * dates (the create-lot rule), and the unassigned units. The first problem,
 * or null. The caller checks the unassigned units again under the item's
 * lot lock before writing.
 */
export function openingBalanceProblem(input: {
  inventory_item_id: string
  lines: OpeningBalanceLine[]
  existing: Map<string, ExistingLot>
  today: CalendarDate
  policy: NewLotPolicy & { serialized?: boolean }
  allow_expired?: boolean
  unassigned: number
  sku: string | null
  location: string
}): string | null {
  if (input.policy.serialized) {
    return `Inventory item ${input.sku ?? input.inventory_item_id} is serialized: its units need serial numbers, which an opening balance does not take; receive them with serial numbers instead`
  }
  if (!input.policy.tracked && !input.policy.is_default) {
    return `Inventory item ${input.sku ?? input.inventory_item_id} is not tracked by lot (its policy says tracked: false); turn tracking on first`
  }
  const linesProblem = openingBalanceLinesProblem(input.lines)
  if (linesProblem) {
    return linesProblem
  }
  for (const line of input.lines) {
    const lot = line.lot_number ? input.existing.get(line.lot_number) : undefined
    const problem = lot
      ? existingLotProblem(line, lot, input.today, { allow_expired: input.allow_expired })
      : newLotProblem(
          {
            inventory_item_id: input.inventory_item_id,
            lot_number: line.lot_number,
            manufactured_at: line.manufactured_at,
            expires_at: line.expires_at,
            receiving: true,
            allow_expired: input.allow_expired,
          },
          input.today,
          input.policy
        )
    if (problem) {
      return problem
    }
  }
  return overAssignmentProblem({
    requested: openingBalanceUnits(input.lines),
    unassigned: input.unassigned,
    sku: input.sku,
    location: input.location,
  })
}
