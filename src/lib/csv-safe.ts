/**
 * Spreadsheet formula injection ("CSV injection"): a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice
 * and Google Sheets as a formula, so a customer named `=HYPERLINK(...)` would
 * run in the recall officer's spreadsheet. Such text cells get a leading
 * apostrophe, which spreadsheets show as plain text (OWASP's advice).
 * Spreadsheets also skip leading blanks and read full-width signs as ASCII
 * ones, and `|` starts a DDE call in older Excel, so the guard also covers
 * whitespace (spaces, tabs, CR/LF, no-break and ideographic spaces) before
 * `=`, `+`, `-`, `@` or `|`, their full-width forms `＝ ＋ － ＠ ｜`, and
 * a leading `|`.
 *
 * Pure on purpose: the export routes call it on every cell, the unit tests
 * pin the rule.
 */

/** Text a spreadsheet may evaluate: its start, after any blanks, is a formula sign (see above). */
export const FORMULA_START = /^(?:[\t\r\n]|[\s\u00A0\u3000\uFEFF]*[=+\-@|\uFF1D\uFF0B\uFF0D\uFF20\uFF5C])/

/** True when a spreadsheet could read the text as a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text)
}

/** The text without the apostrophe `neutralizeCell` put before it (import of an exported file); other text unchanged. */
export function stripFormulaGuard(text: string): string {
  return text.startsWith("'") && looksLikeFormula(text.slice(1)) ? text.slice(1) : text
}

/** Text a spreadsheet would not evaluate; numbers, booleans and empty values pass unchanged. */
export function neutralizeCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) {
    return null
  }
  if (typeof value === "number") {
    // Numbers are written as numbers (a negative number is not a formula); NaN/Infinity are not data.
    return Number.isFinite(value) ? value : null
  }
  if (typeof value === "boolean") {
    return value
  }
  if (typeof value === "bigint") {
    return value.toString()
  }
  const text = value instanceof Date ? value.toISOString() : String(value)
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** Every cell of a row neutralized. */
export function neutralizeRow(row: readonly unknown[]): (string | number | boolean | null)[] {
  return row.map(neutralizeCell)
}

/**
 * A file name safe for `Content-Disposition: attachment; filename="..."`:
 * letters, digits, dot, dash and underscore only, never empty.
 */
export function safeFileName(name: string, fallback = "export.csv"): string {
  const cleaned = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\w.-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 120)
  return cleaned || fallback
}
