import { isCalendarDate } from "../../lib/calendar-date"
import type { FieldMatcher } from "./field-errors"
import type { Gs1Scan } from "./gs1"

/** The "Receive lot" form, as plain data (the component keeps it in state). */
export type ReceiveLotForm = {
  inventory_item_id: string
  lot_number: string
  manufactured_at: string
  expires_at: string
  best_before: string
  supplier: string
  note: string
  /** Quantity typed per stock location id ("" = none). */
  quantities: Record<string, string>
  allow_expired: boolean
}

export const emptyReceiveLotForm = (): ReceiveLotForm => ({
  inventory_item_id: "",
  lot_number: "",
  manufactured_at: "",
  expires_at: "",
  best_before: "",
  supplier: "",
  note: "",
  quantities: {},
  allow_expired: false,
})

/** How the API's messages name the form's fields. */
export const RECEIVE_LOT_FIELDS: FieldMatcher[] = [
  { field: "lot_number", match: ["lot_number", "Lot number"] },
  { field: "manufactured_at", match: ["manufactured_at"] },
  { field: "expires_at", match: ["expires_at", /\bexpired on\b/i, "allow_expired"] },
  { field: "best_before", match: ["best_before"] },
  { field: "supplier", match: ["supplier"] },
  { field: "note", match: ["note"] },
  { field: "inventory_item_id", match: ["inventory_item_id", "Inventory item"] },
  { field: "receive", match: ["receive", "location_id", "Stock location", "quantity"] },
]

export type ReceiveLotBody = {
  inventory_item_id: string
  lot_number?: string
  manufactured_at?: string
  expires_at?: string
  best_before?: string
  supplier?: string
  note?: string
  receive: { location_id: string; quantity: number }[]
  allow_expired?: boolean
}

/** Checks what the browser can check; the API checks the rest (and has the last word). */
export function validateReceiveLotForm(form: ReceiveLotForm): Record<string, string> {
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
  const typed = Object.entries(form.quantities).filter(([, q]) => q.trim() !== "")
  for (const [, q] of typed) {
    if (!/^\d+$/.test(q.trim()) || Number(q) <= 0) {
      errors.receive = "Quantities must be whole numbers greater than 0"
    }
  }
  if (!errors.receive && !typed.length) {
    errors.receive = "Enter the quantity received at one location at least"
  }
  return errors
}

export function receiveLotBody(form: ReceiveLotForm): ReceiveLotBody {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined)
  return {
    inventory_item_id: form.inventory_item_id,
    lot_number: form.lot_number === "" ? undefined : form.lot_number,
    manufactured_at: opt(form.manufactured_at),
    expires_at: opt(form.expires_at),
    best_before: opt(form.best_before),
    supplier: opt(form.supplier),
    note: opt(form.note),
    receive: Object.entries(form.quantities)
      .filter(([, q]) => q.trim() !== "")
      .map(([location_id, q]) => ({ location_id, quantity: Number(q) })),
    ...(form.allow_expired ? { allow_expired: true } : {}),
  }
}

/** Fills the fields a scan carries; leaves the others as they are. */
export function applyScan(form: ReceiveLotForm, scan: Gs1Scan): ReceiveLotForm {
  return {
    ...form,
    lot_number: scan.lot_number ?? form.lot_number,
    manufactured_at: scan.manufactured_at ?? form.manufactured_at,
    expires_at: scan.expires_at ?? form.expires_at,
    best_before: scan.best_before ?? form.best_before,
  }
}
