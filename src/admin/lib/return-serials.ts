import type { ReturnUnits } from "../../types/http"
import { mapApiErrors, nameIds, splitApiMessage, type FieldMatcher, type MappedErrors } from "./field-errors"
import { appendSerial, parseSerialList, serialListProblem } from "./serials"

/**
 * The units of a serialized item that came back, named by serial
 * (`POST /admin/returns/:id/lots` with `serial_numbers`, docs/SERIALS.md):
 * one list of the units back, and, when staff switch it on, a separate list
 * of the units received as damaged.
 */
export type ReturnSerialEntry = {
  /** The units back, typed, scanned one per line or pasted. */
  list: string
  /** A separate list of damaged units is shown. */
  damagedOn: boolean
  damaged: string
}

export const emptyReturnSerials = (damagedOn = false): ReturnSerialEntry => ({ list: "", damagedOn, damaged: "" })

export type ReturnSerialCheck = {
  normal: string[]
  damaged: string[]
  /** The most serials each list may name. */
  limits: { normal: number; damaged: number }
  problems: { normal?: string; damaged?: string }
}

const units = (n: number) => `${n} unit${n === 1 ? "" : "s"}`
const serialsWord = (n: number) => `${n} serial${n === 1 ? "" : "s"}`

/**
 * The lists against the units received for the item: damaged serials name
 * damaged units only; without a damaged list the serials name any unit
 * received (the plugin decides which are restocked, as it does for lots).
 */
export function checkReturnSerials(entry: ReturnSerialEntry, received: ReturnUnits): ReturnSerialCheck {
  const normal = parseSerialList(entry.list)
  const damaged = entry.damagedOn ? parseSerialList(entry.damaged) : []
  const limits = entry.damagedOn
    ? { normal: received.normal, damaged: received.damaged }
    : { normal: received.normal + received.damaged, damaged: 0 }
  const problems: ReturnSerialCheck["problems"] = {}

  const normalProblem =
    serialListProblem(normal) ??
    (normal.length > limits.normal
      ? `${serialsWord(normal.length)} for ${units(limits.normal)} received${entry.damagedOn ? " in good order" : ""}: remove ${normal.length - limits.normal}`
      : null)
  if (normalProblem) {
    problems.normal = normalProblem
  }
  const inBoth = damaged.filter((s) => normal.includes(s))
  const damagedProblem =
    serialListProblem(damaged) ??
    (inBoth.length
      ? `Listed both as back and as damaged: ${inBoth.slice(0, 5).join(", ")}${inBoth.length > 5 ? ", …" : ""}`
      : damaged.length > limits.damaged
        ? limits.damaged
          ? `${serialsWord(damaged.length)} for ${units(limits.damaged)} received as damaged: remove ${damaged.length - limits.damaged}`
          : "No unit of this receipt was received as damaged: list these units above"
        : null)
  if (damagedProblem) {
    problems.damaged = damagedProblem
  }
  return { normal, damaged, limits, problems }
}

/** The body entries of one line item's serials (none for empty lists). */
export function returnSerialLots(
  lineItemId: string,
  check: Pick<ReturnSerialCheck, "normal" | "damaged">
): { line_item_id: string; serial_numbers: string[]; damaged?: true }[] {
  return [
    ...(check.normal.length ? [{ line_item_id: lineItemId, serial_numbers: check.normal }] : []),
    ...(check.damaged.length ? [{ line_item_id: lineItemId, serial_numbers: check.damaged, damaged: true as const }] : []),
  ]
}

/** Adds a serial to the list it belongs to, unless it is already in one of them. */
export function addReturnSerial(entry: ReturnSerialEntry, serial: string, to: "normal" | "damaged"): ReturnSerialEntry {
  if ([...parseSerialList(entry.list), ...parseSerialList(entry.damaged)].includes(serial)) {
    return entry
  }
  return to === "damaged" && entry.damagedOn ? { ...entry, damaged: appendSerial(entry.damaged, serial) } : { ...entry, list: appendSerial(entry.list, serial) }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
/** The serial as a whole word: `SN-1` is not found in `SN-10`. */
const serialWord = (serial: string) => new RegExp(`(?<![\\w-])${escape(serial)}(?![\\w-])`)

/** The field of one item's list: `line|item|normal` or `line|item|damaged`. */
export const returnSerialField = (lineItemId: string, inventoryItemId: string, list: "normal" | "damaged") =>
  `${lineItemId}|${inventoryItemId}|${list}`

/**
 * Where the API's refusals go: a message naming a serial goes under the list
 * that holds it; "N damaged units were named for line item X" under X's
 * damaged list; anything else about line item X under its list of units back.
 */
export function returnSerialMatchers(
  items: { line_item_id: string; inventory_item_id: string; normal: string[]; damaged: string[] }[]
): FieldMatcher[] {
  return items.flatMap((i) => {
    const line = escape(i.line_item_id)
    return [
      {
        field: returnSerialField(i.line_item_id, i.inventory_item_id, "damaged"),
        match: [...i.damaged.map(serialWord), new RegExp(`\\d+ damaged units? were named for line item ${line}(?![\\w])`)],
      },
      {
        field: returnSerialField(i.line_item_id, i.inventory_item_id, "normal"),
        match: [...i.normal.map(serialWord), new RegExp(`line item ${line}(?![\\w])`, "i")],
      },
    ]
  })
}

/**
 * An API refusal on the fields. The plugin joins every problem it found with
 * "; " (not only in validation messages), so each goes where it belongs; the
 * line item ids are then replaced by what staff know (`names`).
 */
export function mapReturnLotErrors(message: string, matchers: FieldMatcher[], names: Record<string, string> = {}): MappedErrors {
  const fields: Record<string, string> = {}
  const general: string[] = []
  for (const piece of splitApiMessage(message).flatMap((p) => p.split(/;\s+/))) {
    const mapped = mapApiErrors(piece, matchers)
    for (const [field, text] of Object.entries(mapped.fields)) {
      fields[field] = fields[field] ? `${fields[field]}; ${nameIds(text, names)}` : nameIds(text, names)
    }
    if (mapped.general) {
      general.push(nameIds(mapped.general, names))
    }
  }
  return { fields, general: general.length ? general.join("; ") : null }
}

/**
 * How staff know a line item in a message: `line item li_1 "Hair dryer"` and
 * `line item li_1` read `line "Hair dryer"` (the longer form is replaced first).
 */
export function returnLineNames(lines: { line_item_id: string; title: string | null }[]): Record<string, string> {
  const names: Record<string, string> = {}
  for (const l of lines) {
    if (l.title) {
      names[`line item ${l.line_item_id} "${l.title}"`] = `line "${l.title}"`
      names[`line item ${l.line_item_id}`] = `line "${l.title}"`
      names[`Line item ${l.line_item_id}`] = `Line "${l.title}"`
    }
  }
  return names
}
