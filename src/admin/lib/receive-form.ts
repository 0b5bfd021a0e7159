import { isCalendarDate } from "../../lib/calendar-date"
import { expandSerialRange, firstFew, serialRangeCount, serialRangeProblem, type SerialRange } from "../../lib/serial-numbers"
import type { FieldMatcher } from "./field-errors"
import { scanLotFields, type Gs1Scan } from "./gs1"
import { appendSerial, parseSerialList, serialListProblem } from "./serials"

/**
 * The serials of one location's receipt (serialized items): a typed, scanned
 * or pasted list, or a range; both empty = generated from the pattern.
 */
export type SerialEntry = { list: string; from: string; to: string }

/** The "Receive lot" form, as plain data (the component keeps it in state). */
export type ReceiveLotForm = {
  inventory_item_id: string
  lot_number: string
  manufactured_at: string
  expires_at: string
  best_before: string
  supplier: string
  /** The supplier's own code for the batch, kept beside the lot number. */
  supplier_lot_code: string
  note: string
  /** Quantity typed per stock location id ("" = none). */
  quantities: Record<string, string>
  /** The bin (shelf code) the units go to, per stock location id ("" = none). */
  bins: Record<string, string>
  /** Serials per stock location id (serialized items only; ignored otherwise). */
  serials: Record<string, SerialEntry>
  allow_expired: boolean
}

export const emptyReceiveLotForm = (): ReceiveLotForm => ({
  inventory_item_id: "",
  lot_number: "",
  manufactured_at: "",
  expires_at: "",
  best_before: "",
  supplier: "",
  supplier_lot_code: "",
  note: "",
  quantities: {},
  bins: {},
  serials: {},
  allow_expired: false,
})

export const emptySerialEntry = (): SerialEntry => ({ list: "", from: "", to: "" })

/** What one location's serial inputs say. */
export type RowSerials =
  | { kind: "generate"; count: null }
  | { kind: "list"; serials: string[]; count: number }
  | { kind: "range"; range: SerialRange; count: number | null; problem: string | null }
  | { kind: "both"; count: null }

export function rowSerials(entry: SerialEntry | undefined): RowSerials {
  const serials = parseSerialList(entry?.list ?? "")
  const range = { from: (entry?.from ?? "").trim(), to: (entry?.to ?? "").trim() }
  const hasRange = !!(range.from || range.to)
  if (serials.length && hasRange) {
    return { kind: "both", count: null }
  }
  if (serials.length) {
    return { kind: "list", serials, count: serials.length }
  }
  if (!hasRange) {
    return { kind: "generate", count: null }
  }
  if (!range.from || !range.to) {
    return { kind: "range", range, count: null, problem: "Enter both ends of the range, e.g. SN-0001 to SN-0100" }
  }
  const problem = serialRangeProblem(range)
  return { kind: "range", range, count: problem ? null : serialRangeCount(range), problem }
}

/** One location the form receives at: its typed quantity and, for serialized items, its serials. */
type ReceiveRow = { location_id: string; typed: string; serials: RowSerials }

/**
 * The locations with input: a typed quantity, or (serialized items) serials
 * alone, whose count is then the quantity.
 */
function receiveRows(form: ReceiveLotForm, serialized: boolean): ReceiveRow[] {
  const ids = new Set([...Object.keys(form.quantities), ...(serialized ? Object.keys(form.serials) : [])])
  return [...ids]
    .map((location_id) => ({
      location_id,
      typed: (form.quantities[location_id] ?? "").trim(),
      serials: serialized ? rowSerials(form.serials[location_id]) : ({ kind: "generate", count: null } as RowSerials),
    }))
    .filter((r) => r.typed !== "" || r.serials.kind !== "generate")
}

/** The quantity a row receives: the typed one, else (serials alone) how many serials it names. */
export function rowQuantity(form: ReceiveLotForm, locationId: string, serialized: boolean): number | null {
  const typed = (form.quantities[locationId] ?? "").trim()
  if (typed !== "") {
    return /^\d+$/.test(typed) ? Number(typed) : null
  }
  return serialized ? rowSerials(form.serials[locationId]).count : null
}

/** The error key of a location's serial inputs. */
export const serialsErrorKey = (locationId: string) => `serials.${locationId}`

/** The error key of a location's bin input. */
export const binErrorKey = (locationId: string) => `bin.${locationId}`

/** The longest bin (shelf code) the plugin keeps. */
export const BIN_MAX_LENGTH = 32

/** A typed bin as sent: trimmed, null when empty (no bin). */
export function normalizeBin(typed: string | null | undefined): string | null {
  const bin = (typed ?? "").trim()
  return bin ? bin : null
}

/** What is wrong with a typed bin (empty is fine: no bin). */
export function binProblem(typed: string | null | undefined): string | null {
  const bin = normalizeBin(typed)
  if (bin && bin.length > BIN_MAX_LENGTH) {
    return `A bin is at most ${BIN_MAX_LENGTH} characters (this one has ${bin.length})`
  }
  return null
}

/** How the API's messages name the form's fields. */
export const RECEIVE_LOT_FIELDS: FieldMatcher[] = [
  { field: "lot_number", match: ["lot_number", "Lot number"] },
  { field: "manufactured_at", match: ["manufactured_at"] },
  { field: "expires_at", match: ["expires_at", /\bexpired on\b/i, "allow_expired"] },
  { field: "best_before", match: ["best_before"] },
  // Before "supplier": a message about the supplier's lot code may name the supplier too.
  { field: "supplier_lot_code", match: ["supplier_lot_code", "Supplier lot code"] },
  { field: "supplier", match: ["supplier"] },
  { field: "note", match: ["note"] },
  { field: "inventory_item_id", match: ["inventory_item_id", "Inventory item"] },
  {
    field: "receive",
    match: ["receive", "location_id", "Stock location", "quantity", "serial_numbers", "serial_range", /\bserials?\b/i, "bin", "Bin"],
  },
]

export type ReceiveLotBody = {
  inventory_item_id: string
  lot_number?: string
  manufactured_at?: string
  expires_at?: string
  best_before?: string
  supplier?: string
  supplier_lot_code?: string
  note?: string
  receive: ReceiveLine[]
  allow_expired?: boolean
}

/**
 * One location's receipt, optionally into a bin; serialized items name their
 * serials (a list or a range) or have them generated.
 */
export type ReceiveLine = { location_id: string; quantity: number; bin?: string; serial_numbers?: string[]; serial_range?: SerialRange }

export type ReceiveFormOptions = { serialized?: boolean }

/** Checks what the browser can check; the API checks the rest (and has the last word). */
export function validateReceiveLotForm(form: ReceiveLotForm, { serialized = false }: ReceiveFormOptions = {}): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!form.inventory_item_id) {
    errors.inventory_item_id = "Choose the inventory item the lot belongs to"
  }
  for (const field of ["manufactured_at", "expires_at", "best_before"] as const) {
    const v = form[field].trim()
    if (v && !isCalendarDate(v)) {
      errors[field] = `${field} must be a calendar date written YYYY-MM-DD`
    }
  }
  if (form.lot_number !== form.lot_number.trim()) {
    errors.lot_number = "lot_number must not start or end with blanks"
  }
  const rows = receiveRows(form, serialized)
  for (const { typed } of rows) {
    if (typed !== "" && (!/^\d+$/.test(typed) || Number(typed) <= 0)) {
      errors.receive = "Quantities must be whole numbers greater than 0"
    }
  }
  for (const { location_id } of rows) {
    const problem = binProblem(form.bins[location_id])
    if (problem) {
      errors[binErrorKey(location_id)] = problem
    }
  }
  if (!errors.receive && !rows.length) {
    errors.receive = serialized
      ? "Enter the quantity received, or its serials, at one location at least"
      : "Enter the quantity received at one location at least"
  }
  if (serialized) {
    Object.assign(errors, validateRowSerials(rows))
  }
  return errors
}

/** Each location's serials: one way of naming them, well formed, one per unit, none named twice in the form. */
function validateRowSerials(rows: ReceiveRow[]): Record<string, string> {
  const errors: Record<string, string> = {}
  const named = new Set<string>()
  for (const { location_id, typed, serials } of rows) {
    const key = serialsErrorKey(location_id)
    const quantity = /^\d+$/.test(typed) ? Number(typed) : null
    if (serials.kind === "both") {
      errors[key] = "Type the serials or give a range, not both"
      continue
    }
    if (serials.kind === "range" && serials.problem) {
      errors[key] = serials.problem
      continue
    }
    if (serials.kind === "list") {
      const problem = serialListProblem(serials.serials)
      if (problem) {
        errors[key] = problem
        continue
      }
    }
    if (serials.count !== null && quantity !== null && serials.count !== quantity) {
      errors[key] = `${serials.count} serial${serials.count === 1 ? "" : "s"} for a quantity of ${quantity}: name one per unit, or leave the serials empty to generate them`
      continue
    }
    const own = serials.kind === "list" ? serials.serials : serials.kind === "range" ? expandSerialRange(serials.range) : []
    const dup = own.filter((s) => named.has(s))
    if (dup.length) {
      errors[key] = `Already named at another location: ${firstFew(dup)}`
    }
    own.forEach((s) => named.add(s))
  }
  return errors
}

export function receiveLotBody(form: ReceiveLotForm, { serialized = false }: ReceiveFormOptions = {}): ReceiveLotBody {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined)
  return {
    inventory_item_id: form.inventory_item_id,
    lot_number: form.lot_number === "" ? undefined : form.lot_number,
    manufactured_at: opt(form.manufactured_at),
    expires_at: opt(form.expires_at),
    best_before: opt(form.best_before),
    supplier: opt(form.supplier),
    supplier_lot_code: opt(form.supplier_lot_code),
    note: opt(form.note),
    receive: receiveRows(form, serialized).map(({ location_id, typed, serials }): ReceiveLine => {
      const quantity = typed !== "" ? Number(typed) : serials.count ?? 0
      const bin = normalizeBin(form.bins[location_id])
      const line: ReceiveLine = bin ? { location_id, quantity, bin } : { location_id, quantity }
      if (serials.kind === "list") {
        return { ...line, serial_numbers: serials.serials }
      }
      if (serials.kind === "range") {
        return { ...line, serial_range: serials.range }
      }
      return line
    }),
    ...(form.allow_expired ? { allow_expired: true } : {}),
  }
}

/**
 * Fills the fields a scan carries; leaves the others as they are. Its lot
 * (AI 10) is the supplier lot code when the plugin's `gs1_lot_is_supplier_code`
 * says so, else the lot number.
 */
export function applyScan(form: ReceiveLotForm, scan: Gs1Scan, { lotIsSupplierCode = false } = {}): ReceiveLotForm {
  return {
    ...form,
    ...scanLotFields(scan, lotIsSupplierCode),
    manufactured_at: scan.manufactured_at ?? form.manufactured_at,
    expires_at: scan.expires_at ?? form.expires_at,
    best_before: scan.best_before ?? form.best_before,
  }
}

/**
 * Where a scanned unit's serial (AI 21) goes: the location whose serials were
 * last edited, else the first one still short of its quantity, else the first
 * with a quantity, else the first location.
 */
export function serialScanLocation(form: ReceiveLotForm, locationIds: string[], lastEdited: string | null): string | null {
  if (lastEdited && locationIds.includes(lastEdited)) {
    return lastEdited
  }
  const typed = locationIds.filter((id) => /^\d+$/.test((form.quantities[id] ?? "").trim()))
  const short = typed.find((id) => (rowSerials(form.serials[id]).count ?? 0) < Number(form.quantities[id]))
  return short ?? typed[0] ?? locationIds[0] ?? null
}

/**
 * Adds a scanned serial to a location's list; `added` is false (and the form
 * unchanged) when the form names it already, at any location.
 */
export function addSerial(form: ReceiveLotForm, locationId: string, serial: string): { form: ReceiveLotForm; added: boolean } {
  const named = Object.values(form.serials).some((e) => parseSerialList(e.list).includes(serial))
  if (named) {
    return { form, added: false }
  }
  const entry = form.serials[locationId] ?? emptySerialEntry()
  return { form: { ...form, serials: { ...form.serials, [locationId]: { ...entry, list: appendSerial(entry.list, serial) } } }, added: true }
}

/**
 * One location's receipt into an existing lot (the lot page's "Receive more
 * units"), optionally into a bin, by the form's own rules: the line to send,
 * or the errors under `receive` (the quantity), `serials.<location>` and
 * `bin.<location>`.
 */
export function receiptLine(
  locationId: string,
  typed: string,
  entry: SerialEntry | undefined,
  { serialized = false, bin = "" }: ReceiveFormOptions & { bin?: string } = {}
): { line: ReceiveLine | null; errors: Record<string, string> } {
  const form: ReceiveLotForm = {
    ...emptyReceiveLotForm(),
    inventory_item_id: "(the lot's)",
    quantities: { [locationId]: typed },
    serials: entry ? { [locationId]: entry } : {},
    bins: { [locationId]: bin },
  }
  const errors = validateReceiveLotForm(form, { serialized })
  return { line: Object.keys(errors).length ? null : receiveLotBody(form, { serialized }).receive[0], errors }
}
