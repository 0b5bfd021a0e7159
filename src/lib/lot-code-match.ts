/**
 * Lot codes compared the way people write them. A batch code is printed,
 * scanned, typed from a delivery note or copied from a supplier's recall
 * letter, and each hand formats it differently: `LOT-2025-001`,
 * `lot2025001`, `Lot 2025.001` and `LOT_2025/001` are the same batch. The
 * auto-hold of incoming lots under an open recall (docs/RECALLS.md) compares
 * codes through this one function.
 *
 * Normalisation: Unicode NFKC (full-width `ＬＯＴ－１` becomes `LOT-1`), lower
 * case, then every whitespace, dot, dash (ASCII and Unicode hyphens, minus),
 * underscore and slash (forward and back) removed. Letters, digits and every
 * other character stay: `A1` and `A-1` match, `A1` and `A01` do not (a
 * leading zero can be a different batch), and `#`, `+` or `:` are kept.
 * A code that is empty after normalisation matches nothing.
 *
 * Pure on purpose: the rule is pinned by unit tests.
 */

const SEPARATORS = /[\s._/\\\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g

/** The comparable form of a lot or supplier code (see the rule above); "" for nothing. */
export function normalizeLotCode(code: string | null | undefined): string {
  if (!code) {
    return ""
  }
  return code.normalize("NFKC").toLowerCase().replace(SEPARATORS, "")
}

/**
 * The same rule as SQL over a column, for lookups that must find a code in
 * the database (the consumer's Digital Link scan): NFKC, lower case, the
 * separators removed. The pattern travels as a binding (`LOT_CODE_PATTERN`).
 */
export const LOT_CODE_PATTERN = "[[:space:]._/\\\\\\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]"
export const lotCodeSql = (column: string) => `regexp_replace(lower(normalize(${column}, NFKC)), ?, '', 'g')`

/** True when both codes are non-empty and the same after normalisation. */
export function sameLotCode(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normalizeLotCode(a)
  return x !== "" && x === normalizeLotCode(b)
}

export type CodeField = "lot_number" | "supplier_lot_code"

export type CodedLot = { lot_number: string; supplier_lot_code?: string | null }

/** A recalled lot the incoming lot matched, and which field of each matched. */
export type CodeMatch<R extends CodedLot> = {
  recalled: R
  /** The incoming lot's field that matched. */
  matched_on: CodeField
  /** The recalled lot's field it matched. */
  matched_field: CodeField
}

const FIELDS: CodeField[] = ["lot_number", "supplier_lot_code"]

/**
 * The first recalled lot (in the order given: the caller sorts by recall
 * opening) whose lot number or supplier code matches the incoming lot's lot
 * number or supplier code; the incoming lot number is tried first. Null when
 * none matches.
 */
export function matchRecalledLot<R extends CodedLot>(incoming: CodedLot, recalled: readonly R[]): CodeMatch<R> | null {
  for (const mine of FIELDS) {
    const code = normalizeLotCode(incoming[mine])
    if (!code) {
      continue
    }
    for (const r of recalled) {
      for (const theirs of FIELDS) {
        if (normalizeLotCode(r[theirs]) === code) {
          return { recalled: r, matched_on: mine, matched_field: theirs }
        }
      }
    }
  }
  return null
}
