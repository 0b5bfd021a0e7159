/**
 * Spreadsheet formula injection ("CSV injection"): a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice
 * and Google Sheets as a formula, so a customer named `=HYPERLINK(...)` would
 * run in the recall officer's spreadsheet. Such text cells get a leading
 * apostrophe, which spreadsheets show as plain text (OWASP's advice).
 *
 * Pure on purpose: the export routes call it on every cell, the unit tests
 * pin the rule.
 */

const FORMULA_START = /^[=+\-@\t\r]/

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
