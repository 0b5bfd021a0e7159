import { duplicateSerials, firstFew, serialNumberProblem } from "../../lib/serial-numbers"
import type { SerialHistoryType, SerialStatus } from "../../types/http"
import type { BadgeColor } from "./format"
import { looksLikeGs1, parseGs1 } from "./gs1"
import type { Query } from "./sdk"

/**
 * Serials as staff enter them (docs/SERIALS.md): typed, scanned one per line
 * (a keyboard-wedge scanner ends each code with Enter) or pasted from a
 * spreadsheet or a delivery note.
 */

/**
 * Line breaks, commas, semicolons, tabs and blanks separate serials: a pasted
 * column, a comma list and a row of a spreadsheet all read the same. (GS1
 * AI 21 serials have no blanks, so a blank never sits inside one.)
 */
const SEPARATORS = /[\s,;]+/

/**
 * The serials of a typed, scanned or pasted list, trimmed, empties dropped.
 * A whole GS1 code scanned into the list (a unit label: GTIN, lot, expiry and
 * serial) stands for its AI 21 serial.
 */
export function parseSerialList(text: string): string[] {
  return text
    .split(SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (!looksLikeGs1(s)) {
        return s
      }
      const res = parseGs1(s)
      return res.ok && res.scan.serial ? res.scan.serial : s
    })
}

/** The list with one more serial on a line of its own (a GS1 scan's AI 21). */
export function appendSerial(text: string, serial: string): string {
  const trimmed = text.replace(/\s+$/, "")
  return trimmed ? `${trimmed}\n${serial}\n` : `${serial}\n`
}

/** What the browser can say against a list before sending it: a malformed serial, then duplicates. */
export function serialListProblem(serials: string[]): string | null {
  for (const s of serials) {
    const problem = serialNumberProblem(s, "Serial")
    if (problem) {
      return problem
    }
  }
  const dup = duplicateSerials(serials)
  return dup.length ? `Serial${dup.length === 1 ? "" : "s"} listed twice: ${firstFew(dup)}` : null
}

/**
 * The serials of units leaving a location (write-off, transfer): one at
 * least, well formed, no more than the units in stock there.
 */
export function stockOutSerials(text: string, inStock: number | null): { serials: string[]; problem: string | null } {
  const serials = parseSerialList(text)
  if (!serials.length) {
    return { serials, problem: "Name the serial of each unit: scan, type or paste them" }
  }
  const problem = serialListProblem(serials)
  if (problem) {
    return { serials, problem }
  }
  if (inStock !== null && serials.length > inStock) {
    return { serials, problem: `${serials.length} serials for ${inStock} unit${inStock === 1 ? "" : "s"} in stock here` }
  }
  return { serials, problem: null }
}

/** "3 of 5 serials" against a quantity, "3 serials" without one. */
export function serialCountText(count: number, quantity: number | null): string {
  if (quantity === null) {
    return `${count} serial${count === 1 ? "" : "s"}`
  }
  return `${count} of ${quantity} serial${quantity === 1 ? "" : "s"}`
}

/** When the count differs from the quantity: what is still missing or too much. */
export function serialCountHint(count: number, quantity: number | null): string | null {
  if (quantity === null || count === 0 || count === quantity) {
    return null
  }
  return count < quantity
    ? `${quantity - count} more serial${quantity - count === 1 ? "" : "s"} needed: one per unit`
    : `${count - quantity} serial${count - quantity === 1 ? "" : "s"} more than the quantity: remove ${count - quantity === 1 ? "it" : "them"} or raise the quantity`
}

export const SERIAL_STATUSES: { value: SerialStatus; label: string; color: BadgeColor }[] = [
  { value: "in_stock", label: "In stock", color: "green" },
  { value: "reserved", label: "Reserved", color: "blue" },
  { value: "shipped", label: "Shipped", color: "purple" },
  { value: "returned", label: "Returned damaged", color: "orange" },
  { value: "written_off", label: "Written off", color: "grey" },
]

export function serialStatus(status: string): { label: string; color: BadgeColor } {
  return SERIAL_STATUSES.find((s) => s.value === status) ?? { label: status.replace(/_/g, " "), color: "grey" }
}

const HISTORY_LABELS: Record<SerialHistoryType, string> = {
  received: "Received",
  reserved: "Reserved for order",
  released: "Reservation released",
  shipped: "Shipped",
  fulfillment_canceled: "Shipment canceled",
  returned: "Returned, back in stock",
  returned_damaged: "Returned damaged (not restocked)",
  written_off: "Written off",
  transferred: "Transferred",
  recalled: "Recalled",
}

export function serialHistoryLabel(type: string): string {
  return HISTORY_LABELS[type as SerialHistoryType] ?? type.replace(/_/g, " ")
}

/** Filter state of the Serials table -> query of GET /admin/serials. */
export function serialsQuery(
  filtering: Record<string, unknown>,
  search: string,
  pagination: { pageIndex: number; pageSize: number }
): Query {
  const q: Query = {
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    // The API matches a serial exactly or by prefix: blanks around a pasted one are noise.
    q: search.trim() || undefined,
  }
  // Select filters hold lists (any of them), radio filters one value.
  for (const key of ["status", "location_id"]) {
    const v = filtering[key]
    if (Array.isArray(v) ? v.length : typeof v === "string" && v) {
      q[key] = v as string | string[]
    }
  }
  return q
}
