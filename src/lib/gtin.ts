import { isCalendarDate, type CalendarDate } from "./calendar-date"

/**
 * GTINs as a GS1 Digital Link and a product variant carry them.
 *
 * A variant keeps its GTIN in `barcode`, `ean` or `upc` in whatever length
 * it was printed: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN) or GTIN-14. GS1
 * compares GTINs as 14 digits, left-padded with zeros, so `4006381333931`
 * (EAN-13) and `04006381333931` (the same GTIN in a Digital Link) are one
 * product. Only digits count as a GTIN: a barcode field holding an internal
 * code (letters, a wrong check digit) is no GTIN and is never matched.
 */

export const GTIN_LENGTHS = [8, 12, 13, 14] as const

/** The GS1 mod-10 check digit of the digits before it. */
export function gtinCheckDigit(body: string): number {
  let sum = 0
  // Weights 3, 1, 3, ... from the right of the body.
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) {
    sum += Number(body[i]) * w
  }
  return (10 - (sum % 10)) % 10
}

/** What is wrong with a GTIN as given, in words a person can act on; null when it is a valid GTIN-8/12/13/14. */
export function gtinProblem(value: string): string | null {
  if (!/^\d+$/.test(value)) {
    return `GTIN ${value} must be digits only`
  }
  if (!(GTIN_LENGTHS as readonly number[]).includes(value.length)) {
    return `GTIN ${value} has ${value.length} digits; a GTIN has 8, 12, 13 or 14`
  }
  const expected = gtinCheckDigit(value.slice(0, -1))
  if (Number(value.slice(-1)) !== expected) {
    return `GTIN ${value} has a wrong check digit (the last digit should be ${expected}): was it scanned or typed correctly?`
  }
  return null
}

export const isValidGtin = (value: string): boolean => gtinProblem(value) === null

/**
 * A stored barcode / EAN / UPC as a 14-digit GTIN, or null when it is not a
 * valid GTIN (surrounding blanks are ignored, nothing else is).
 */
export function normalizeGtin(value: string | null | undefined): string | null {
  const v = (value ?? "").trim()
  return v && isValidGtin(v) ? v.padStart(14, "0") : null
}

/**
 * Every way a variant may have stored this GTIN-14: the GTIN-14 itself and
 * each shorter GTIN whose padding gives it (only when the cut-off digits are
 * zeros). Looking these up in the indexed `barcode`/`ean`/`upc` columns is
 * the same as comparing the normalised values, without a scan of all variants.
 */
export function gtinStoredForms(gtin14: string): string[] {
  return GTIN_LENGTHS.filter((len) => /^0*$/.test(gtin14.slice(0, 14 - len))).map((len) => gtin14.slice(14 - len))
}

/** The fields of a product variant that may carry its GTIN, in the order they are read. */
export const VARIANT_GTIN_FIELDS = ["barcode", "ean", "upc"] as const

export type VariantCodes = Partial<Record<(typeof VARIANT_GTIN_FIELDS)[number], string | null>>

/**
 * The variant's GTIN as 14 digits (the first field holding a valid one), or
 * why there is none: the fields that hold something that is not a GTIN.
 */
export function variantGtin(variant: VariantCodes): { gtin: string; field: string } | { gtin: null; problems: string[] } {
  const problems: string[] = []
  for (const field of VARIANT_GTIN_FIELDS) {
    const raw = variant[field]?.trim()
    if (!raw) {
      continue
    }
    const gtin = normalizeGtin(raw)
    if (gtin) {
      return { gtin, field }
    }
    problems.push(`${field}: ${gtinProblem(raw)}`)
  }
  return { gtin: null, problems }
}

/**
 * A GS1 date (YYMMDD, e.g. AI 17 expiry) as a calendar date, or null when it
 * is not one. The century follows GS1's sliding window (General
 * Specifications 7.12) from `today`: a year more than 50 years ahead is in
 * the previous century, more than 49 years back in the next. Day `00` means
 * the last day of the month.
 */
export function gs1DateToCalendarDate(yymmdd: string, today: CalendarDate): CalendarDate | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd)
  if (!m) {
    return null
  }
  const [yy, mm, dd] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const currentYear = Number(today.slice(0, 4))
  const century = Math.floor(currentYear / 100) * 100
  const diff = yy - (currentYear % 100)
  const year = century + yy + (diff >= 51 ? -100 : diff <= -50 ? 100 : 0)
  if (mm < 1 || mm > 12) {
    return null
  }
  const day = dd === 0 ? new Date(Date.UTC(year, mm, 0)).getUTCDate() : dd
  const date = `${String(year).padStart(4, "0")}-${String(mm).padStart(2, "0")}-${String(day).padStart(2, "0")}`
  return isCalendarDate(date) ? date : null
}
