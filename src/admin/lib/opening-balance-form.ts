import { isCalendarDate } from "../../lib/calendar-date"
import type { FieldMatcher } from "./field-errors"
import { binProblem, normalizeBin } from "./receive-form"

/**
 * The "Assign to lots" form of the inventory item widget: units Medusa
 * already counts at one location, put into one or more lots without moving
 * Medusa's level (`POST /admin/lot-tracking/opening-balance`).
 */

/** One lot of the form; every value as typed. */
export type OpeningLotRow = {
  /** React key: rows come and go. */
  key: string
  lot_number: string
  supplier_lot_code: string
  /** Supplier lot codes are unique per item and supplier. */
  supplier: string
  manufactured_at: string
  expires_at: string
  quantity: string
  bin: string
}

export type OpeningBalanceForm = {
  rows: OpeningLotRow[]
  note: string
  allow_expired: boolean
}

export type OpeningLotField = Exclude<keyof OpeningLotRow, "key">

export const emptyOpeningLotRow = (key: string, quantity = ""): OpeningLotRow => ({
  key,
  lot_number: "",
  supplier_lot_code: "",
  supplier: "",
  manufactured_at: "",
  expires_at: "",
  quantity,
  bin: "",
})

/** A new form: one lot holding every unassigned unit (the usual case: staff split it if needed). */
export const emptyOpeningBalanceForm = (unassigned: number): OpeningBalanceForm => ({
  rows: [emptyOpeningLotRow("lot-0", unassigned > 0 ? String(unassigned) : "")],
  note: "",
  allow_expired: false,
})

/** Where an error about one field of one lot is shown. */
export const rowErrorKey = (index: number, field: OpeningLotField) => `lots.${index}.${field}`

/** The error shown under the running count (the lots together against the unassigned units). */
export const TOTAL_ERROR_KEY = "total"

const wholePositive = (typed: string) => /^\d+$/.test(typed.trim()) && Number(typed.trim()) > 0

/** Units the lots of the form hold so far (rows whose quantity is not a whole number count 0). */
export function assignedUnits(rows: Pick<OpeningLotRow, "quantity">[]): number {
  return rows.reduce((sum, r) => sum + (wholePositive(r.quantity) ? Number(r.quantity.trim()) : 0), 0)
}

/** Units still to assign (negative: more than the location has unassigned). */
export const remainingUnits = (unassigned: number, rows: Pick<OpeningLotRow, "quantity">[]) => unassigned - assignedUnits(rows)

const units = (n: number) => `${n} unit${n === 1 ? "" : "s"}`

/** The running count under the lots, as staff type. */
export function remainingText(unassigned: number, rows: Pick<OpeningLotRow, "quantity">[]): { text: string; tone: "ok" | "open" | "over" } {
  const left = remainingUnits(unassigned, rows)
  if (left === 0) {
    return { text: `All ${units(unassigned)} assigned`, tone: "ok" }
  }
  if (left > 0) {
    return { text: `${units(left)} of ${unassigned} left to assign`, tone: "open" }
  }
  return { text: `${units(-left)} more than the ${unassigned} not in any lot`, tone: "over" }
}

export type OpeningBalanceChecks = {
  unassigned: number
  /** The item's policy requires an expiry date on every lot. */
  requireExpiry?: boolean
  /** Names the location in messages. */
  locationName?: string
}

/** What the browser can check before sending; the API checks the rest (and has the last word). */
export function validateOpeningBalance(form: OpeningBalanceForm, checks: OpeningBalanceChecks): Record<string, string> {
  const errors: Record<string, string> = {}
  const seen = new Map<string, number>()
  form.rows.forEach((row, i) => {
    const quantity = row.quantity.trim()
    if (!wholePositive(quantity)) {
      errors[rowErrorKey(i, "quantity")] = quantity === "" ? "Enter the units of this lot" : "Enter a whole number of units greater than 0"
    }
    for (const field of ["manufactured_at", "expires_at"] as const) {
      const v = row[field].trim()
      if (v && !isCalendarDate(v)) {
        errors[rowErrorKey(i, field)] = "Write the date YYYY-MM-DD"
      }
    }
    const made = row.manufactured_at.trim()
    const expires = row.expires_at.trim()
    if (!errors[rowErrorKey(i, "expires_at")] && made && expires && isCalendarDate(made) && isCalendarDate(expires) && expires < made) {
      errors[rowErrorKey(i, "expires_at")] = "The expiry date is before the production date"
    }
    if (!expires && checks.requireExpiry) {
      errors[rowErrorKey(i, "expires_at")] = "This item requires an expiry date on every lot"
    }
    if (row.lot_number !== row.lot_number.trim()) {
      errors[rowErrorKey(i, "lot_number")] = "A lot number must not start or end with blanks"
    } else if (row.lot_number) {
      const first = seen.get(row.lot_number)
      if (first !== undefined) {
        errors[rowErrorKey(i, "lot_number")] = `Lot ${row.lot_number} is already lot ${first + 1} of this form`
      } else {
        seen.set(row.lot_number, i)
      }
    }
    const bin = binProblem(row.bin)
    if (bin) {
      errors[rowErrorKey(i, "bin")] = bin
    }
  })
  if (!form.rows.length) {
    errors[TOTAL_ERROR_KEY] = "Add a lot"
  }
  const assigned = assignedUnits(form.rows)
  if (assigned > checks.unassigned) {
    const where = checks.locationName ? ` at ${checks.locationName}` : ""
    errors[TOTAL_ERROR_KEY] = `The lots hold ${units(assigned)}, but only ${units(checks.unassigned)}${where} are not in any lot`
  }
  return errors
}

export type OpeningBalanceLot = {
  lot_number?: string
  supplier_lot_code?: string
  supplier?: string
  manufactured_at?: string
  expires_at?: string
  quantity: number
  bin?: string
}

/** `POST /admin/lot-tracking/opening-balance` */
export type OpeningBalanceBody = {
  inventory_item_id: string
  location_id: string
  lots: OpeningBalanceLot[]
  note?: string
  allow_expired?: boolean
}

export function openingBalanceBody(inventoryItemId: string, locationId: string, form: OpeningBalanceForm): OpeningBalanceBody {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined)
  const lots = form.rows.map((row): OpeningBalanceLot => {
    const lot: OpeningBalanceLot = { quantity: Number(row.quantity.trim()) }
    // An empty lot number is generated from the item's pattern.
    if (row.lot_number !== "") lot.lot_number = row.lot_number
    const code = opt(row.supplier_lot_code)
    if (code) lot.supplier_lot_code = code
    const supplier = opt(row.supplier)
    if (supplier) lot.supplier = supplier
    const made = opt(row.manufactured_at)
    if (made) lot.manufactured_at = made
    const expires = opt(row.expires_at)
    if (expires) lot.expires_at = expires
    const bin = normalizeBin(row.bin)
    if (bin) lot.bin = bin
    return lot
  })
  return {
    inventory_item_id: inventoryItemId,
    location_id: locationId,
    lots,
    ...(opt(form.note) ? { note: opt(form.note) } : {}),
    ...(form.allow_expired ? { allow_expired: true } : {}),
  }
}

/** Some lot of the form expires before today (the API refuses it unless staff allow expired stock). */
export const hasExpiredLot = (form: OpeningBalanceForm, today: string) =>
  form.rows.some((r) => isCalendarDate(r.expires_at.trim()) && r.expires_at.trim() < today)

/** A typed code long enough to stand for its lot in a message (a one-letter code would match stray words). */
const codeOf = (v: string) => (v.trim().length >= 3 ? v.trim() : null)

/** Fields the API checks only when a lot gives them (so a message about one is about a lot that has it). */
const CHECKED_WHEN_GIVEN: OpeningLotField[] = ["lot_number", "supplier_lot_code", "supplier", "bin"]

/** Phrases that name a field of the only lot of a form. */
const SINGLE_LOT_PHRASES: Partial<Record<OpeningLotField, (string | RegExp)[]>> = {
  lot_number: ["Lot number"],
  supplier_lot_code: ["Supplier lot code"],
  expires_at: [/\bexpired on\b/i, "allow_expired"],
  bin: ["Bin"],
}

/**
 * How the API's messages name the form's fields: a path (`lots.1.bin`,
 * `lots[1].bin`) names one lot's field; a lot number or supplier lot code typed in the form
 * names that lot; with a single lot, a bare field name is that lot's. Medusa
 * drops the path of the plugin's own checks ("supplier_lot_code must be at
 * most 100 characters"): a field checked only when given (codes, supplier,
 * bin) that one lot alone fills is that lot's.
 * Messages about quantities and unassigned units go under the running count.
 */
export function openingBalanceMatchers(form: OpeningBalanceForm): FieldMatcher[] {
  const fields: OpeningLotField[] = ["lot_number", "supplier_lot_code", "supplier", "manufactured_at", "expires_at", "quantity", "bin"]
  const single = form.rows.length === 1
  const onlyFilledBy = (field: OpeningLotField) => {
    const filled = form.rows.flatMap((r, i) => (r[field].trim() ? [i] : []))
    return filled.length === 1 ? filled[0] : null
  }
  const matchers: FieldMatcher[] = []
  form.rows.forEach((row, i) => {
    for (const field of fields) {
      // Medusa writes zod paths as `lots, 1, bin` (read as lots.1.bin); the plugin's own messages as `lots[1].bin`.
      const match: (string | RegExp)[] = [`lots.${i}.${field}`, `lots[${i}].${field}`]
      const code = field === "lot_number" || field === "supplier_lot_code" ? codeOf(row[field]) : null
      if (code) {
        match.push(code)
      }
      const alone = CHECKED_WHEN_GIVEN.includes(field) && onlyFilledBy(field) === i
      if ((single || alone) && field !== "quantity") {
        match.push(field, ...(SINGLE_LOT_PHRASES[field] ?? []))
      }
      matchers.push({ field: rowErrorKey(i, field), match })
    }
  })
  matchers.push({ field: TOTAL_ERROR_KEY, match: ["quantity", "quantities", "unassigned", "not in any lot"] })
  matchers.push({ field: "note", match: ["note"] })
  return matchers
}
