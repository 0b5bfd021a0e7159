/**
 * CSV import of lots (docs/IMPORT.md): the header and each row read on their
 * own, before anything is looked up. Pure, so the rules are unit tested and
 * the preview can check 100,000 rows without a database round trip per row.
 */
import { isCalendarDate } from "./calendar-date"
import { lotNumberProblem } from "./lot-number"
import { BIN_MAX_LENGTH, SUPPLIER_LOT_CODE_MAX_LENGTH } from "./opening-balance"
import { serialNumberProblem } from "./serial-numbers"
import { stripFormulaGuard } from "./csv-safe"

export const LOT_IMPORT_MODES = ["receive", "opening_balance", "count"] as const
export type LotImportMode = (typeof LOT_IMPORT_MODES)[number]

/** The columns the import reads (and the export writes first, in this order). */
export const LOT_IMPORT_COLUMNS = [
  "sku",
  "inventory_item_id",
  "location",
  "lot_number",
  "supplier_lot_code",
  "manufactured_at",
  "expires_at",
  "best_before",
  "quantity",
  "bin",
  "serial_numbers",
] as const
export type LotImportColumn = (typeof LOT_IMPORT_COLUMNS)[number]

/** Written by the export after the import's columns; the import ignores them. */
export const LOT_EXPORT_READ_ONLY_COLUMNS = ["status", "reserved_quantity", "location_id"] as const

const TEXT_MAX_LENGTH = 200

/** A problem of one row: `row` as a spreadsheet numbers it (header = 1), `column` null for the whole row. */
export type RowError = { row: number; column: string | null; message: string }

export type ImportHeader = {
  /** Where each known column is in a row. */
  index: Partial<Record<LotImportColumn, number>>
  /** Header cells that are no column of the import (kept in the summary). */
  ignored: string[]
}

/** A row as read from the file, its item and location not looked up yet. */
export type ParsedImportRow = {
  row: number
  sku: string | null
  inventory_item_id: string | null
  location: string
  lot_number: string | null
  supplier_lot_code: string | null
  manufactured_at: string | null
  expires_at: string | null
  best_before: string | null
  quantity: number
  bin: string | null
  serial_numbers: string[] | null
}

export function isLotImportMode(value: unknown): value is LotImportMode {
  return typeof value === "string" && (LOT_IMPORT_MODES as readonly string[]).includes(value)
}

/**
 * `;` or `,`: whichever appears more often outside quotes on the first line
 * (a spreadsheet saved in a locale with a decimal comma writes `;`).
 */
export function detectDelimiter(firstLine: string): "," | ";" {
  let inQuotes = false
  let commas = 0
  let semicolons = 0
  for (const ch of firstLine) {
    if (ch === '"') {
      inQuotes = !inQuotes
    } else if (!inQuotes && ch === ",") {
      commas++
    } else if (!inQuotes && ch === ";") {
      semicolons++
    }
  }
  return semicolons > commas ? ";" : ","
}


/**
 * A cell as the merchant meant it: trimmed, and without the apostrophe the
 * export puts before text a spreadsheet would evaluate (src/lib/csv-safe.ts),
 * so an exported `'-LOT` comes back as `-LOT`.
 */
export function cellValue(raw: string | undefined): string {
  const text = (raw ?? "").trim()
  return stripFormulaGuard(text)
}

/** The header row: which column is where; a problem a person can fix when a required column is missing. */
export function readHeader(cells: string[], mode: LotImportMode): { header: ImportHeader } | { problem: string } {
  const index: ImportHeader["index"] = {}
  const ignored: string[] = []
  cells.forEach((cell, i) => {
    const name = cellValue(cell).replace(/^\uFEFF/, "").toLowerCase()
    if ((LOT_IMPORT_COLUMNS as readonly string[]).includes(name)) {
      const column = name as LotImportColumn
      if (index[column] === undefined) {
        index[column] = i
      } else {
        ignored.push(`${name} (again)`)
      }
    } else if (name) {
      ignored.push(cellValue(cell))
    }
  })
  const missing: string[] = []
  if (index.sku === undefined && index.inventory_item_id === undefined) {
    missing.push("sku or inventory_item_id")
  }
  if (index.location === undefined) {
    missing.push("location")
  }
  if (index.quantity === undefined) {
    missing.push("quantity")
  }
  if (mode === "count" && index.lot_number === undefined) {
    missing.push("lot_number")
  }
  if (missing.length) {
    return {
      problem:
        `The file's first row must name the columns; missing: ${missing.join(", ")}. ` +
        `Columns: ${LOT_IMPORT_COLUMNS.join(", ")}${cells.length ? ` (found: ${cells.map((c) => cellValue(c)).filter(Boolean).join(", ") || "none"})` : ""}`,
    }
  }
  return { header: { index, ignored } }
}

/** True for a line with nothing in it (a spreadsheet's trailing `,,,,` rows): skipped, still counted in row numbers. */
export function isBlankRecord(cells: string[]): boolean {
  return cells.every((c) => !c || !c.trim())
}

/** Serial numbers in one cell: separated by `|` or whitespace. */
export function splitSerialNumbers(cell: string): string[] {
  return cell.split(/[|\s]+/).filter(Boolean)
}

/**
 * One data row read on its own: required cells, strict `YYYY-MM-DD` dates,
 * whole quantities (a count may be 0), bin length, serial count. Every
 * problem of the row is reported, each with its column.
 */
export function parseImportRow(
  cells: string[],
  header: ImportHeader,
  mode: LotImportMode,
  row: number
): { parsed: ParsedImportRow | null; errors: RowError[] } {
  const errors: RowError[] = []
  const fail = (column: string | null, message: string) => errors.push({ row, column, message })
  const get = (column: LotImportColumn): string => {
    const i = header.index[column]
    return i === undefined ? "" : cellValue(cells[i])
  }
  const text = (column: LotImportColumn, max = TEXT_MAX_LENGTH): string | null => {
    const value = get(column)
    if (value.length > max) {
      fail(column, `${column} must be at most ${max} characters (got ${value.length})`)
    }
    return value || null
  }

  const sku = text("sku")
  const inventoryItemId = text("inventory_item_id")
  if (!sku && !inventoryItemId) {
    fail(header.index.sku !== undefined ? "sku" : "inventory_item_id", "sku or inventory_item_id is required")
  }
  const location = text("location")
  if (!location) {
    fail("location", "location is required (a stock location's name or id)")
  }

  const lotNumber = get("lot_number") || null
  if (lotNumber) {
    const problem = lotNumberProblem(lotNumber)
    if (problem) {
      fail("lot_number", problem)
    }
  } else if (mode === "count") {
    fail("lot_number", "lot_number is required to count a lot")
  }
  const supplierLotCode = text("supplier_lot_code", SUPPLIER_LOT_CODE_MAX_LENGTH)

  const date = (column: "manufactured_at" | "expires_at" | "best_before"): string | null => {
    const value: string = get(column)
    if (!value) {
      return null
    }
    if (!isCalendarDate(value as unknown)) {
      fail(column, `${column} must be a date written YYYY-MM-DD (got ${JSON.stringify(value.slice(0, 40))})`)
      return null
    }
    return value
  }
  const manufacturedAt = date("manufactured_at")
  const expiresAt = date("expires_at")
  const bestBefore = date("best_before")
  if (manufacturedAt && expiresAt && expiresAt < manufacturedAt) {
    fail("expires_at", `expires_at (${expiresAt}) is before manufactured_at (${manufacturedAt})`)
  }

  const quantityCell = get("quantity")
  const min = mode === "count" ? 0 : 1
  let quantity = NaN
  if (!quantityCell) {
    fail("quantity", "quantity is required")
  } else if (!/^[+-]?\d+$/.test(quantityCell)) {
    fail("quantity", `quantity must be a whole number of units (got ${JSON.stringify(quantityCell.slice(0, 40))})`)
  } else {
    quantity = Number(quantityCell)
    if (quantity < 0) {
      fail("quantity", `quantity must not be negative (got ${quantity})`)
    } else if (quantity < min) {
      fail("quantity", `quantity must be at least 1 to ${mode === "receive" ? "receive" : "put into a lot"} (got 0)`)
    } else if (quantity > 1_000_000_000) {
      fail("quantity", `quantity ${quantity} is too large`)
    }
  }

  const bin = get("bin") || null
  if (bin && bin.length > BIN_MAX_LENGTH) {
    fail("bin", `bin must be at most ${BIN_MAX_LENGTH} characters (got ${bin.length})`)
  }

  const serialCell = get("serial_numbers")
  let serialNumbers: string[] | null = null
  if (serialCell) {
    serialNumbers = splitSerialNumbers(serialCell)
    const problem = serialNumbers.map((s) => serialNumberProblem(s)).find(Boolean)
    if (problem) {
      fail("serial_numbers", problem)
    } else if (mode === "count") {
      fail("serial_numbers", "a count cannot name serial numbers: counts of serialized items are done by serial (receive or write off the units)")
    } else if (Number.isInteger(quantity) && serialNumbers.length !== quantity) {
      fail("serial_numbers", `${serialNumbers.length} serial numbers for a quantity of ${quantity}: give one per unit`)
    } else if (new Set(serialNumbers).size !== serialNumbers.length) {
      fail("serial_numbers", "a serial number appears twice in the cell")
    }
  }

  if (errors.length) {
    return { parsed: null, errors }
  }
  return {
    parsed: {
      row,
      sku,
      inventory_item_id: inventoryItemId,
      location: location!,
      lot_number: lotNumber,
      supplier_lot_code: supplierLotCode,
      manufactured_at: manufacturedAt,
      expires_at: expiresAt,
      best_before: bestBefore,
      quantity,
      bin,
      serial_numbers: serialNumbers,
    },
    errors,
  }
}

/** Events of CSV imports (docs/IMPORT.md). */
export const LotImportEvents = {
  /** `{ id, actor_id }`: an import was confirmed; the plugin's subscriber applies it. */
  CONFIRMED: "lot-import.confirmed",
  /** `{ id, mode, summary }`: an import was applied. */
  COMPLETED: "lot-import.completed",
  /** `{ id, mode, failure }`: an import failed and changed nothing. */
  FAILED: "lot-import.failed",
} as const
