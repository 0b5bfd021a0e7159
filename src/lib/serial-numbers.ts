/**
 * Serial numbers (docs/SERIALS.md): one identity per unit. Typed, scanned
 * (GS1 AI 21 allows up to 20 characters), pasted, given as a range, or
 * generated from a pattern such as `SN-{YYYY}-{SEQ:6}` (the lot pattern's
 * tokens, see lot-number.ts).
 */
import { lotNumberPattern, patternProblem, type LotNumberPatternParts } from "./lot-number"

export const SERIAL_NUMBER_MAX_LENGTH = 64

/** The most serials one request may name or generate (a pallet of small devices; bounded to keep one transaction reasonable). */
export const SERIALS_PER_REQUEST_MAX = 10_000

export const DEFAULT_SERIAL_PATTERN = "SN-{YYYY}-{SEQ:6}"

// Control and invisible format characters (zero-width space, BOM: scanner noise that makes look-alike serials).
const CONTROL = /[\p{Cc}\p{Cf}]/u

/** Why a serial number is not acceptable, or null. */
export function serialNumberProblem(value: string, field = "serial number"): string | null {
  if (value.length === 0) {
    return `${field} must not be empty`
  }
  if (value.length > SERIAL_NUMBER_MAX_LENGTH) {
    return `${field} ${JSON.stringify(value.slice(0, 20) + "…")} is longer than ${SERIAL_NUMBER_MAX_LENGTH} characters`
  }
  if (CONTROL.test(value)) {
    return `${field} ${JSON.stringify(value)} contains control characters or invisible ones (tabs, line breaks, zero-width spaces, ...)`
  }
  if (value.trim() !== value) {
    return `${field} ${JSON.stringify(value)} starts or ends with blanks`
  }
  return null
}

export type SerialRange = { from: string; to: string }

const TAIL = /^(.*?)(\d+)$/

/**
 * The serials of a range `from`..`to`: same prefix, numeric tail of equal
 * width (`SN-0001`..`SN-0100`). Throws a message that says what is wrong.
 */
export function expandSerialRange(range: SerialRange, max = SERIALS_PER_REQUEST_MAX): string[] {
  const problem = serialRangeProblem(range, max)
  if (problem) {
    throw new Error(problem)
  }
  const [, prefix, fromDigits] = TAIL.exec(range.from)!
  const [, , toDigits] = TAIL.exec(range.to)!
  const width = fromDigits.length
  const first = BigInt(fromDigits)
  const count = Number(BigInt(toDigits) - first) + 1
  const out = new Array<string>(count)
  for (let i = 0; i < count; i++) {
    out[i] = prefix + (first + BigInt(i)).toString().padStart(width, "0")
  }
  return out
}

/** How many serials a range names (null when it is not a valid range). */
export function serialRangeCount(range: SerialRange): number | null {
  if (serialRangeProblem(range, Number.MAX_SAFE_INTEGER)) {
    return null
  }
  const [, , fromDigits] = TAIL.exec(range.from)!
  const [, , toDigits] = TAIL.exec(range.to)!
  return Number(BigInt(toDigits) - BigInt(fromDigits)) + 1
}

export function serialRangeProblem(range: SerialRange, max = SERIALS_PER_REQUEST_MAX): string | null {
  for (const end of ["from", "to"] as const) {
    const p = serialNumberProblem(range[end], `serial_range.${end}`)
    if (p) {
      return p
    }
  }
  const from = TAIL.exec(range.from)
  const to = TAIL.exec(range.to)
  if (!from || !to) {
    return "serial_range.from and serial_range.to must end in digits (e.g. SN-0001 to SN-0100)"
  }
  if (from[1] !== to[1]) {
    return `serial_range.from and serial_range.to must share their prefix (${JSON.stringify(from[1])} vs ${JSON.stringify(to[1])})`
  }
  if (from[2].length !== to[2].length) {
    return `serial_range.from and serial_range.to must have numeric tails of equal width (${from[2].length} vs ${to[2].length} digits)`
  }
  const count = BigInt(to[2]) - BigInt(from[2]) + 1n
  if (count < 1n) {
    return "serial_range.to must not come before serial_range.from"
  }
  if (count > BigInt(max)) {
    return `serial_range names ${count} serials; at most ${max} per request`
  }
  return null
}

/** The values that occur more than once, in order of their second occurrence. */
export function duplicateSerials(values: Iterable<string>): string[] {
  const seen = new Set<string>()
  const dup = new Set<string>()
  for (const v of values) {
    if (seen.has(v)) {
      dup.add(v)
    } else {
      seen.add(v)
    }
  }
  return [...dup]
}

/** "SN-1, SN-2, SN-3 and 4 more": the first few of a list, for messages. */
export function firstFew(values: string[], shown = 5): string {
  const head = values.slice(0, shown).join(", ")
  return values.length > shown ? `${head} and ${values.length - shown} more` : head
}

export function serialPatternProblem(pattern: string): string | null {
  const problem = patternProblem(pattern)
  return problem ? problem.replace("lot_number_pattern", "serial_pattern") : null
}

/** The serial pattern for a day: one counter per rendered prefix, as lot numbers. */
export function serialNumberPattern(pattern: string, day: string): LotNumberPatternParts {
  const parts = lotNumberPattern(pattern, day)
  // Own counters: a serial pattern that renders like a lot pattern must not share its sequence.
  return { ...parts, sequenceKey: `serial:${parts.sequenceKey}` }
}

export type ReceiptSerials = { serial_numbers?: string[] | null; serial_range?: SerialRange | null }

/**
 * The serials a receipt line names: its list, its range expanded, or null
 * (generate). Throws a message when both are given or the count is not the
 * quantity.
 */
export function receiptSerials(line: ReceiptSerials & { quantity: number }, where = "receive"): string[] | null {
  if (line.serial_numbers && line.serial_range) {
    throw new Error(`${where}: give serial_numbers or serial_range, not both`)
  }
  let serials: string[] | null = null
  if (line.serial_range) {
    serials = expandSerialRange(line.serial_range)
  } else if (line.serial_numbers) {
    serials = line.serial_numbers
  }
  if (serials && serials.length !== line.quantity) {
    throw new Error(
      `${where}: ${serials.length} serial number${serials.length === 1 ? "" : "s"} for a quantity of ${line.quantity}; name one per unit`
    )
  }
  return serials
}
