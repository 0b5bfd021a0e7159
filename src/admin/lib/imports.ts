import type { LotImportResponse, LotImportRowError } from "../../types/http"

/**
 * The CSV import page's pure parts: what each mode does, the template a
 * merchant fills in, the progress of a confirmed import, and the row errors
 * of a preview grouped and paged for reading.
 */

/** An import as `GET /admin/lot-tracking/imports/:id` answers it: the preview, then the run's progress and outcome. */
export type LotImport = LotImportResponse
export type LotImportMode = LotImport["mode"]
export type LotImportStatus = LotImport["status"]
export type { LotImportRowError }

export const IMPORT_MODES: { value: LotImportMode; label: string; description: string }[] = [
  {
    value: "receive",
    label: "Receive",
    description: "Adds the units as new stock: lots are created or topped up and Medusa's inventory levels rise by the same amount.",
  },
  {
    value: "opening_balance",
    label: "Opening balance",
    description:
      "Puts units Medusa already counts into lots without changing its levels: for stock you had before lot tracking.",
  },
  {
    value: "count",
    label: "Count",
    description: "Sets the counted stock of existing lots at each location; Medusa's levels follow the difference.",
  },
]

export const importModeLabel = (mode: string) => IMPORT_MODES.find((m) => m.value === mode)?.label ?? mode

/** Expiry only matters where lots are created or topped up; a count only corrects existing lots. */
export const modeTakesAllowExpired = (mode: LotImportMode) => mode !== "count"

/** The columns of each mode's template, in the order the import reads best. */
export const TEMPLATE_COLUMNS: Record<LotImportMode, string[]> = {
  receive: ["sku", "location", "lot_number", "supplier_lot_code", "manufactured_at", "expires_at", "best_before", "quantity", "bin"],
  opening_balance: [
    "sku",
    "location",
    "lot_number",
    "supplier_lot_code",
    "manufactured_at",
    "expires_at",
    "best_before",
    "quantity",
    "bin",
  ],
  count: ["sku", "location", "lot_number", "quantity"],
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** A CSV cell: quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value)
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * The template of a mode: the header and two example rows (dated from
 * `today`) that show the formats; the merchant replaces them. `location`
 * names one of the shop's locations so the example reads as theirs.
 */
export function templateCsv(mode: LotImportMode, { today, location = "Main warehouse" }: { today: string; location?: string }): string {
  const columns = TEMPLATE_COLUMNS[mode]
  const examples: Record<string, string | number>[] = [
    {
      sku: "SHAMPOO-250",
      location,
      lot_number: "L-2026-001",
      supplier_lot_code: "SUP-88123",
      manufactured_at: addDays(today, -30),
      expires_at: addDays(today, 700),
      best_before: "",
      quantity: 120,
      bin: "A-01-03",
    },
    {
      sku: "SHAMPOO-250",
      location,
      lot_number: "L-2026-002",
      supplier_lot_code: "",
      manufactured_at: addDays(today, -10),
      expires_at: addDays(today, 720),
      best_before: "",
      quantity: 80,
      bin: "",
    },
  ]
  const lines = [columns.join(","), ...examples.map((e) => columns.map((c) => csvCell(e[c])).join(","))]
  return lines.join("\r\n") + "\r\n"
}

export const templateFileName = (mode: LotImportMode) => `lot-import-${mode.replace(/_/g, "-")}-template.csv`

/** Share of a running import done, 0-100 (whole percent; 100 only once it is done). */
export function importProgress(imp: Pick<LotImport, "status" | "processed" | "total">): number {
  if (imp.status === "done") {
    return 100
  }
  if (!imp.total || imp.total <= 0) {
    return 0
  }
  const pct = Math.floor((Math.max(0, imp.processed) / imp.total) * 100)
  return Math.min(99, Math.max(0, pct))
}

export const isImportFinished = (status: LotImportStatus) => status === "done" || status === "failed"

/** Why Confirm cannot be pressed, or null when it can. */
export function confirmBlockedReason(imp: Pick<LotImport, "status" | "error_count" | "valid_rows" | "errors">): string | null {
  if (imp.status !== "preview") {
    return "This import has been confirmed already."
  }
  const errors = Math.max(imp.error_count, imp.errors.length)
  if (errors > 0) {
    return `The file has ${errors === 1 ? "an error" : `${errors} errors`}: fix the rows and upload again. Nothing is imported while any row is wrong.`
  }
  if (imp.valid_rows <= 0) {
    return "The file has no rows to import."
  }
  return null
}

/** How many distinct rows have at least one error. */
export const rowsWithErrors = (errors: LotImportRowError[]) => new Set(errors.map((e) => e.row)).size

/** Errors in file order: by row, then column (whole-row problems first). */
export function sortErrors(errors: LotImportRowError[]): LotImportRowError[] {
  return [...errors].sort((a, b) => a.row - b.row || (a.column ?? "").localeCompare(b.column ?? ""))
}

export type ErrorGroup = { column: string | null; count: number; rows: number[] }

/**
 * The errors by column, most frequent first, with the rows they are on
 * ("expires_at: 12 rows, 4, 9, 17, …"): a long file's errors are often one
 * mistake repeated.
 */
export function groupErrorsByColumn(errors: LotImportRowError[]): ErrorGroup[] {
  const groups = new Map<string, { column: string | null; count: number; rows: Set<number> }>()
  for (const e of errors) {
    const key = e.column ?? ""
    const g = groups.get(key) ?? { column: e.column ?? null, count: 0, rows: new Set<number>() }
    groups.set(key, g)
    g.count++
    g.rows.add(e.row)
  }
  return [...groups.values()]
    .map((g) => ({ column: g.column, count: g.count, rows: [...g.rows].sort((a, b) => a - b) }))
    .sort((a, b) => b.count - a.count || (a.column ?? "").localeCompare(b.column ?? ""))
}

/** "rows 4, 9, 17 and 3 more". */
export function rowList(rows: number[], max = 5): string {
  if (!rows.length) {
    return ""
  }
  const shown = rows.slice(0, max).join(", ")
  const more = rows.length - max
  return `${rows.length === 1 ? "row" : "rows"} ${shown}${more > 0 ? ` and ${more} more` : ""}`
}

/** One page of a list (0-based index, clamped to the last page). */
export function pageOf<T>(items: T[], pageIndex: number, pageSize: number) {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize))
  const index = Math.min(Math.max(0, pageIndex), pageCount - 1)
  return {
    items: items.slice(index * pageSize, (index + 1) * pageSize),
    pageIndex: index,
    pageCount,
    canPreviousPage: index > 0,
    canNextPage: index < pageCount - 1,
  }
}
