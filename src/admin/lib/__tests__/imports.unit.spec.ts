import {
  IMPORT_MODES,
  TEMPLATE_COLUMNS,
  confirmBlockedReason,
  csvCell,
  groupErrorsByColumn,
  importModeLabel,
  importProgress,
  isImportFinished,
  modeTakesAllowExpired,
  pageOf,
  rowList,
  rowsWithErrors,
  sortErrors,
  templateCsv,
  templateFileName,
  type LotImportRowError,
} from "../imports"

/** A CSV line split on commas outside quotes (enough for the template's cells). */
const cells = (line: string) => {
  const out: string[] = []
  let cur = ""
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"'
        i++
      } else {
        quoted = !quoted
      }
    } else if (ch === "," && !quoted) {
      out.push(cur)
      cur = ""
    } else {
      cur += ch
    }
  }
  return [...out, cur]
}

describe("import modes", () => {
  it("describes every mode in one sentence and names them", () => {
    expect(IMPORT_MODES.map((m) => m.value)).toEqual(["receive", "opening_balance", "count"])
    for (const m of IMPORT_MODES) {
      expect(m.description).toMatch(/\.$/)
    }
    expect(IMPORT_MODES.find((m) => m.value === "receive")!.description).toMatch(/Medusa's inventory levels rise/)
    expect(IMPORT_MODES.find((m) => m.value === "opening_balance")!.description).toMatch(/without changing its levels/)
    expect(importModeLabel("opening_balance")).toBe("Opening balance")
    expect(importModeLabel("other")).toBe("other")
  })

  it("asks about expired lots only where lots are received or opened", () => {
    expect(modeTakesAllowExpired("receive")).toBe(true)
    expect(modeTakesAllowExpired("opening_balance")).toBe(true)
    expect(modeTakesAllowExpired("count")).toBe(false)
  })
})

describe("templateCsv", () => {
  it("writes the mode's columns and two example rows dated from today", () => {
    const csv = templateCsv("receive", { today: "2026-12-01", location: "Lyon, entrepôt" })
    const lines = csv.trimEnd().split("\r\n")
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe(TEMPLATE_COLUMNS.receive.join(","))
    const first = Object.fromEntries(TEMPLATE_COLUMNS.receive.map((c, i) => [c, cells(lines[1])[i]]))
    expect(first).toMatchObject({
      sku: "SHAMPOO-250",
      location: "Lyon, entrepôt",
      lot_number: "L-2026-001",
      manufactured_at: "2026-11-01",
      expires_at: "2028-10-31",
      quantity: "120",
      bin: "A-01-03",
    })
    // A location name with a comma stays one cell.
    expect(lines[1]).toContain('"Lyon, entrepôt"')
    expect(csv.endsWith("\r\n")).toBe(true)
  })

  it("keeps a count to the columns that identify a lot and its counted quantity", () => {
    const [header, row] = templateCsv("count", { today: "2026-12-01" }).split("\r\n")
    expect(header).toBe("sku,location,lot_number,quantity")
    expect(cells(row)).toEqual(["SHAMPOO-250", "Main warehouse", "L-2026-001", "120"])
  })

  it("names the file after the mode", () => {
    expect(templateFileName("opening_balance")).toBe("lot-import-opening-balance-template.csv")
  })

  it("quotes cells holding separators, quotes or line breaks", () => {
    expect(csvCell("plain")).toBe("plain")
    expect(csvCell("a;b")).toBe('"a;b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell("two\nlines")).toBe('"two\nlines"')
    expect(csvCell(null)).toBe("")
    expect(csvCell(0)).toBe("0")
  })
})

describe("importProgress", () => {
  it("is processed / total in whole percent, below 100 until done", () => {
    expect(importProgress({ status: "running", processed: 0, total: 200 })).toBe(0)
    expect(importProgress({ status: "running", processed: 50, total: 200 })).toBe(25)
    expect(importProgress({ status: "running", processed: 1, total: 3 })).toBe(33)
    expect(importProgress({ status: "running", processed: 200, total: 200 })).toBe(99)
    expect(importProgress({ status: "done", processed: 200, total: 200 })).toBe(100)
  })

  it("never leaves 0-100 (no total yet, odd figures)", () => {
    expect(importProgress({ status: "running", processed: 5, total: 0 })).toBe(0)
    expect(importProgress({ status: "running", processed: -3, total: 10 })).toBe(0)
    expect(importProgress({ status: "running", processed: 30, total: 10 })).toBe(99)
    expect(importProgress({ status: "done", processed: 0, total: 0 })).toBe(100)
  })

  it("knows when a run has ended", () => {
    expect(isImportFinished("done")).toBe(true)
    expect(isImportFinished("failed")).toBe(true)
    expect(isImportFinished("running")).toBe(false)
    expect(isImportFinished("preview")).toBe(false)
  })
})

describe("confirmBlockedReason", () => {
  const preview = { status: "preview" as const, error_count: 0, valid_rows: 3, errors: [] as LotImportRowError[] }

  it("lets a clean preview be confirmed", () => {
    expect(confirmBlockedReason(preview)).toBeNull()
  })

  it("says to fix the rows and upload again when any row is wrong", () => {
    const reason = confirmBlockedReason({
      ...preview,
      error_count: 2,
      errors: [
        { row: 3, column: "sku", message: "Unknown SKU" },
        { row: 4, column: "expires_at", message: "bad date" },
      ],
    })
    expect(reason).toMatch(/2 errors: fix the rows and upload again/)
    expect(confirmBlockedReason({ ...preview, error_count: 1, errors: [] })).toMatch(/an error: fix the rows and upload again/)
  })

  it("refuses an empty file and a confirmed import", () => {
    expect(confirmBlockedReason({ ...preview, valid_rows: 0 })).toMatch(/no rows/)
    expect(confirmBlockedReason({ ...preview, status: "running" })).toMatch(/confirmed already/)
  })
})

describe("row errors", () => {
  const errors: LotImportRowError[] = [
    { row: 9, column: "expires_at", message: "expires_at must be a date written YYYY-MM-DD" },
    { row: 2, column: "sku", message: "Unknown SKU NOPE" },
    { row: 4, column: "expires_at", message: "expires_at must be a date written YYYY-MM-DD" },
    { row: 4, column: null, message: "lot L1 appears twice" },
    { row: 2, column: "expires_at", message: "expires_at must be a date written YYYY-MM-DD" },
    { row: 4, column: "expires_at", message: "expires_at (2026-01-01) is before manufactured_at" },
  ]

  it("sorts them in file order, whole-row problems first on a row", () => {
    expect(sortErrors(errors).map((e) => `${e.row}:${e.column ?? "-"}`)).toEqual([
      "2:expires_at",
      "2:sku",
      "4:-",
      "4:expires_at",
      "4:expires_at",
      "9:expires_at",
    ])
    // The preview's own list is left as it came.
    expect(errors[0].row).toBe(9)
  })

  it("groups them by column, most frequent first, each row once", () => {
    expect(groupErrorsByColumn(errors)).toEqual([
      { column: "expires_at", count: 4, rows: [2, 4, 9] },
      { column: null, count: 1, rows: [4] },
      { column: "sku", count: 1, rows: [2] },
    ])
    expect(groupErrorsByColumn([])).toEqual([])
  })

  it("counts the rows with errors", () => {
    expect(rowsWithErrors(errors)).toBe(3)
  })

  it("lists rows briefly", () => {
    expect(rowList([7])).toBe("row 7")
    expect(rowList([2, 4, 9])).toBe("rows 2, 4, 9")
    expect(rowList([1, 2, 3, 4, 5, 6, 7], 4)).toBe("rows 1, 2, 3, 4 and 3 more")
    expect(rowList([])).toBe("")
  })
})

describe("pageOf", () => {
  const items = Array.from({ length: 45 }, (_, i) => i + 1)

  it("cuts a page and says where it is", () => {
    expect(pageOf(items, 0, 20)).toMatchObject({ pageIndex: 0, pageCount: 3, canPreviousPage: false, canNextPage: true })
    expect(pageOf(items, 0, 20).items).toHaveLength(20)
    const last = pageOf(items, 2, 20)
    expect(last.items).toEqual([41, 42, 43, 44, 45])
    expect(last).toMatchObject({ canPreviousPage: true, canNextPage: false })
  })

  it("clamps a page past the end (fewer errors after a new upload) and an empty list", () => {
    expect(pageOf(items, 9, 20).pageIndex).toBe(2)
    expect(pageOf(items, -1, 20).pageIndex).toBe(0)
    expect(pageOf([], 0, 20)).toMatchObject({ items: [], pageIndex: 0, pageCount: 1, canNextPage: false })
  })
})
