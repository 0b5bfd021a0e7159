/**
 * Reads an import file with csv-parse as a stream: records come one at a
 * time and only the parsed rows (compact objects) are kept, never the file
 * as an array of records beside them. A byte order mark is dropped, `;` or
 * `,` is detected from the header line. Pure apart from the parser.
 */
import { Readable } from "node:stream"
import { parse } from "csv-parse"
import {
  detectDelimiter,
  isBlankRecord,
  parseImportRow,
  readHeader,
  type ImportHeader,
  type LotImportMode,
  type ParsedImportRow,
  type RowError,
} from "./lot-import-rows"

/** The largest file an import takes (bytes): about a million rows of a plain export. */
export const LOT_IMPORT_MAX_BYTES = 50 * 1024 * 1024
/** The most data rows one import takes. */
export const LOT_IMPORT_MAX_ROWS = 200_000

/** A problem with the file as a whole (400): no header, no data rows, too large. */
export class ImportFileProblem extends Error {}

export type ReadImportResult = {
  rows: ParsedImportRow[]
  errors: RowError[]
  /** Data rows (blank lines left out). */
  total_rows: number
  ignored_columns: string[]
  delimiter: "," | ";"
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n/)
  return (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, "")
}

/** Parses the file: the header, then each row on its own (`parseImportRow`). */
export async function readImportCsv(
  source: string | Buffer,
  mode: LotImportMode,
  limits: { max_bytes?: number; max_rows?: number } = {}
): Promise<ReadImportResult> {
  const maxBytes = limits.max_bytes ?? LOT_IMPORT_MAX_BYTES
  const maxRows = limits.max_rows ?? LOT_IMPORT_MAX_ROWS
  const size = typeof source === "string" ? Buffer.byteLength(source) : source.length
  if (size > maxBytes) {
    throw new ImportFileProblem(
      `The file is ${(size / 1024 / 1024).toFixed(1)} MB; an import takes at most ${(maxBytes / 1024 / 1024).toFixed(1)} MB: split it in several files`
    )
  }
  const head = typeof source === "string" ? source.slice(0, 64 * 1024) : source.subarray(0, 64 * 1024).toString("utf8")
  const delimiter = detectDelimiter(firstLine(head))
  const parser = Readable.from([source]).pipe(
    parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, trim: false })
  )

  let header: ImportHeader | null = null
  const rows: ParsedImportRow[] = []
  const errors: RowError[] = []
  let total = 0
  let record = 0
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      record++
      if (!header) {
        if (isBlankRecord(cells)) {
          throw new ImportFileProblem("The file's first row must name the columns (it is empty)")
        }
        const read = readHeader(cells, mode)
        if ("problem" in read) {
          throw new ImportFileProblem(read.problem)
        }
        header = read.header
        continue
      }
      if (isBlankRecord(cells)) {
        continue
      }
      total++
      if (total > maxRows) {
        throw new ImportFileProblem(`The file has more than ${maxRows} rows; split it in several files`)
      }
      // The row as a spreadsheet numbers it: the header is row 1.
      const { parsed, errors: rowErrors } = parseImportRow(cells, header, mode, record)
      if (parsed) {
        rows.push(parsed)
      } else {
        errors.push(...rowErrors)
      }
    }
  } catch (e) {
    if (e instanceof ImportFileProblem) {
      throw e
    }
    // csv-parse's own errors (an unclosed quote, ...) name the line.
    throw new ImportFileProblem(`The file is not a readable CSV: ${(e as Error).message}`)
  }
  if (!header) {
    throw new ImportFileProblem("The file is empty: its first row must name the columns, then one row per lot and location")
  }
  if (!total) {
    throw new ImportFileProblem("The file has no data rows: only a header")
  }
  return { rows, errors, total_rows: total, ignored_columns: header.ignored, delimiter }
}
