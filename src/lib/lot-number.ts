/**
 * Lot numbers: typed by staff, scanned from a GS1 label (AI 10 allows up to 20
 * characters) or generated from a pattern such as `LOT-{YYYY}-{SEQ:5}`.
 */
export const LOT_NUMBER_MAX_LENGTH = 64

// No control characters (they break labels, CSV exports and scanners), no
// leading or trailing blanks.
const CONTROL = /\p{Cc}/u

export function lotNumberProblem(value: string): string | null {
  if (value.length === 0) {
    return "lot_number must not be empty"
  }
  if (value.length > LOT_NUMBER_MAX_LENGTH) {
    return `lot_number must be at most ${LOT_NUMBER_MAX_LENGTH} characters (got ${value.length})`
  }
  if (CONTROL.test(value)) {
    return "lot_number must not contain control characters (tabs, line breaks, ...)"
  }
  if (value.trim() !== value) {
    return "lot_number must not start or end with blanks"
  }
  return null
}

const TOKEN = /\{(YYYY|YY|MM|DD|SEQ(?::(\d{1,2}))?)\}/g

export type LotNumberPatternParts = {
  /** The pattern rendered for the date with `{SEQ}` left in: one counter per key, so sequences restart each period. */
  sequenceKey: string
  render: (sequence: number) => string
}

export function patternProblem(pattern: string): string | null {
  const seqTokens = pattern.match(/\{SEQ(?::\d{1,2})?\}/g) ?? []
  if (seqTokens.length !== 1) {
    return "lot_number_pattern must contain exactly one {SEQ} or {SEQ:n} token"
  }
  const unknown = pattern.replace(TOKEN, "").match(/\{[^}]*\}/)
  if (unknown) {
    return `lot_number_pattern has an unknown token ${unknown[0]} (known: {YYYY} {YY} {MM} {DD} {SEQ} {SEQ:n})`
  }
  return null
}

/** Splits a pattern for a given day (UTC parts of `date` as YYYY-MM-DD). */
export function lotNumberPattern(pattern: string, day: string): LotNumberPatternParts {
  const problem = patternProblem(pattern)
  if (problem) {
    throw new Error(problem)
  }
  const [yyyy, mm, dd] = day.split("-")
  const dated = pattern.replace(TOKEN, (whole, token: string) => {
    switch (token) {
      case "YYYY":
        return yyyy
      case "YY":
        return yyyy.slice(2)
      case "MM":
        return mm
      case "DD":
        return dd
      default:
        return whole
    }
  })
  return {
    sequenceKey: dated,
    render: (sequence: number) =>
      dated.replace(/\{SEQ(?::(\d{1,2}))?\}/, (_w, width?: string) =>
        String(sequence).padStart(width ? Number(width) : 1, "0")
      ),
  }
}
