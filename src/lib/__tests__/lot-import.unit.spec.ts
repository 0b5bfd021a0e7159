import { checkImportRows, type ImportFacts } from "../lot-import-check"
import { ImportFileProblem, readImportCsv } from "../lot-import-csv"
import { cellValue, detectDelimiter, parseImportRow, readHeader, splitSerialNumbers, type ImportHeader, type ParsedImportRow } from "../lot-import-rows"

const TODAY = "2027-06-15"

function header(cells: string[], mode: "receive" | "opening_balance" | "count" = "receive"): ImportHeader {
  const read = readHeader(cells, mode)
  if ("problem" in read) {
    throw new Error(read.problem)
  }
  return read.header
}

const COLUMNS = ["sku", "location", "lot_number", "manufactured_at", "expires_at", "quantity", "bin", "serial_numbers"]

function row(cells: Partial<Record<string, string>>, mode: "receive" | "opening_balance" | "count" = "receive", n = 2) {
  return parseImportRow(COLUMNS.map((c) => cells[c] ?? ""), header(COLUMNS, mode), mode, n)
}

describe("CSV import: header and cells", () => {
  it("reads column names without case, in any order, and lists unknown ones", () => {
    const h = header(["Quantity", "NOTES", "location", "SKU", "sku"])
    expect(h.index).toEqual({ quantity: 0, location: 2, sku: 3 })
    expect(h.ignored).toEqual(["NOTES", "sku (again)"])
  })

  it("names the required columns that are missing", () => {
    expect(readHeader(["lot_number"], "receive")).toEqual({ problem: expect.stringMatching(/missing: sku or inventory_item_id, location, quantity/) })
    expect(readHeader(["inventory_item_id", "location", "quantity"], "count")).toEqual({ problem: expect.stringMatching(/missing: lot_number/) })
    expect("header" in readHeader(["inventory_item_id", "location", "quantity"], "receive")).toBe(true)
  })

  it("detects ; or , outside quotes and takes the export's formula guard off", () => {
    expect(detectDelimiter("sku;location;quantity")).toEqual(";")
    expect(detectDelimiter('sku,"a;b;c",quantity')).toEqual(",")
    expect(cellValue(" '=SUM(A1) ")).toEqual("=SUM(A1)")
    expect(cellValue("'-5")).toEqual("-5")
    expect(cellValue("it's")).toEqual("it's")
    expect(splitSerialNumbers("SN-1| SN-2  SN-3\tSN-4")).toEqual(["SN-1", "SN-2", "SN-3", "SN-4"])
  })
})

describe("CSV import: one row", () => {
  it("reads a good row", () => {
    expect(row({ sku: "A", location: "Paris", lot_number: "L-1", expires_at: "2028-01-31", quantity: "12", bin: "A-1" })).toEqual({
      errors: [],
      parsed: expect.objectContaining({ row: 2, sku: "A", location: "Paris", lot_number: "L-1", expires_at: "2028-01-31", quantity: 12, bin: "A-1" }),
    })
  })

  it("reports each bad cell with its column", () => {
    const { parsed, errors } = row({ location: "", manufactured_at: "2027-02-30", expires_at: "31/12/2028", quantity: "2.5", bin: "X".repeat(33) })
    expect(parsed).toBeNull()
    expect(errors.map((e) => e.column)).toEqual(["sku", "location", "manufactured_at", "expires_at", "quantity", "bin"])
    expect(errors.every((e) => e.row === 2)).toBe(true)
  })

  it("checks quantities by mode: receipts need at least 1, a count may be 0, never negative", () => {
    const base = { sku: "A", location: "P", lot_number: "L" }
    expect(row({ ...base, quantity: "0" }).errors[0].message).toMatch(/at least 1/)
    expect(row({ ...base, quantity: "-1" }).errors[0].message).toMatch(/must not be negative/)
    expect(row({ ...base, quantity: "0" }, "count").errors).toEqual([])
    expect(row({ ...base, quantity: "" }).errors[0].message).toMatch(/quantity is required/)
    expect(row({ ...base, quantity: "1e3" }).errors[0].message).toMatch(/whole number/)
  })

  it("checks dates strictly and their order", () => {
    const base = { sku: "A", location: "P", quantity: "1" }
    expect(row({ ...base, expires_at: "2028-1-5" }).errors[0].message).toMatch(/YYYY-MM-DD/)
    expect(row({ ...base, manufactured_at: "2027-05-01", expires_at: "2027-04-01" }).errors[0]).toMatchObject({
      column: "expires_at",
      message: expect.stringMatching(/before manufactured_at/),
    })
  })

  it("wants one serial per unit, and none in a count", () => {
    const base = { sku: "A", location: "P", lot_number: "L" }
    expect(row({ ...base, quantity: "2", serial_numbers: "S1|S2" }).errors).toEqual([])
    expect(row({ ...base, quantity: "3", serial_numbers: "S1|S2" }).errors[0].message).toMatch(/2 serial numbers for a quantity of 3/)
    expect(row({ ...base, quantity: "2", serial_numbers: "S1 S1" }).errors[0].message).toMatch(/twice/)
    expect(row({ ...base, quantity: "1", serial_numbers: "S1" }, "count").errors[0].message).toMatch(/counts of serialized items are done by serial/)
  })

  it("needs a lot number to count", () => {
    expect(row({ sku: "A", location: "P", quantity: "1" }, "count").errors[0]).toMatchObject({ column: "lot_number" })
  })
})

describe("CSV import: reading a file", () => {
  it("streams a ;-separated file with a BOM and CRLF, numbering rows as a spreadsheet does (blank rows counted, skipped)", async () => {
    const file = "\uFEFFsku;location;quantity\r\nA;Paris;3\r\n;;\r\nB;Lyon;x\r\n"
    const read = await readImportCsv(Buffer.from(file), "receive")
    expect(read.delimiter).toEqual(";")
    expect(read.total_rows).toEqual(2)
    expect(read.rows).toEqual([expect.objectContaining({ row: 2, sku: "A", location: "Paris", quantity: 3 })])
    expect(read.errors).toEqual([{ row: 4, column: "quantity", message: expect.stringMatching(/whole number/) }])
  })

  it("refuses files that are not an import", async () => {
    await expect(readImportCsv("", "receive")).rejects.toThrow(/empty/)
    await expect(readImportCsv("sku,location,quantity\r\n", "receive")).rejects.toThrow(/no data rows/)
    await expect(readImportCsv("a,b\n1,2", "receive")).rejects.toThrow(ImportFileProblem)
    await expect(readImportCsv("sku,location,quantity\nA,P,1\n", "receive", { max_bytes: 10 })).rejects.toThrow(/at most 0\.0 MB/)
    await expect(readImportCsv("sku,location,quantity\nA,P,1\nA,P,2\n", "receive", { max_rows: 1 })).rejects.toThrow(/more than 1 rows/)
  })
})

describe("CSV import: rows against the database", () => {
  const lot = (over: Partial<ImportFacts["lots"][number]> = {}) => ({
    id: "lot_1",
    inventory_item_id: "i_a",
    lot_number: "L-1",
    status: "active",
    manufactured_at: null,
    expires_at: "2028-01-01",
    best_before: null,
    supplier: null,
    supplier_lot_code: null,
    ...over,
  })
  const facts = (over: Partial<ImportFacts> = {}): ImportFacts => ({
    mode: "receive",
    today: TODAY,
    allow_expired: false,
    items: [
      { id: "i_a", sku: "A" },
      { id: "i_b", sku: "B" },
      { id: "i_d1", sku: "DUP" },
      { id: "i_d2", sku: "DUP" },
    ],
    locations: [
      { id: "sloc_p", name: "Paris" },
      { id: "sloc_x", name: "Depot" },
      { id: "sloc_y", name: "depot " },
    ],
    policies: new Map([["i_b", { tracked: true, require_expiry: true, serialized: false, is_default: false }]]),
    lots: [lot()],
    stock: new Map([["lot_1:sloc_p", { stocked: 10, reserved: 4 }]]),
    ...over,
  })
  const parsed = (over: Partial<ParsedImportRow>): ParsedImportRow => ({
    row: 2,
    sku: "A",
    inventory_item_id: null,
    location: "paris",
    lot_number: "N-1",
    supplier_lot_code: null,
    manufactured_at: null,
    expires_at: "2028-06-01",
    best_before: null,
    quantity: 5,
    bin: null,
    serial_numbers: null,
    ...over,
  })
  const errorsOf = (rows: ParsedImportRow[], f: ImportFacts = facts()) => checkImportRows(rows, f).errors.map((e) => [e.row, e.column, e.message])

  it("resolves items by SKU or id and locations by name (no case) or id", () => {
    const { valid, errors, summary } = checkImportRows(
      [parsed({}), parsed({ row: 3, sku: null, inventory_item_id: "i_a", location: "sloc_p", lot_number: "N-2" })],
      facts(),
      ["notes"]
    )
    expect(errors).toEqual([])
    expect(valid.map((v) => [v.inventory_item_id, v.location_id, v.lot_id])).toEqual([
      ["i_a", "sloc_p", null],
      ["i_a", "sloc_p", null],
    ])
    expect(summary).toEqual({
      units: 10,
      lots_new: 2,
      lots_existing: 0,
      items: 1,
      locations: 1,
      by_location: [{ location_id: "sloc_p", location_name: "Paris", units: 10 }],
      ignored_columns: ["notes"],
    })
  })

  it("reports unknown and ambiguous SKUs and locations", () => {
    expect(
      errorsOf([
        parsed({ sku: "NOPE" }),
        parsed({ row: 3, sku: "DUP" }),
        parsed({ row: 4, location: "Berlin" }),
        parsed({ row: 5, location: "DEPOT" }),
        parsed({ row: 6, sku: "B", inventory_item_id: "i_a" }),
      ])
    ).toEqual([
      [2, "sku", expect.stringMatching(/Unknown SKU NOPE/)],
      [3, "sku", expect.stringMatching(/2 inventory items have SKU DUP; give the inventory_item_id/)],
      [4, "location", expect.stringMatching(/Unknown location Berlin/)],
      [5, "location", expect.stringMatching(/2 stock locations are named DEPOT; give the location's id/)],
      [6, "sku", expect.stringMatching(/SKU B is not the SKU of inventory item i_a/)],
    ])
  })

  it("applies the new-lot rules: expired unless allowed, required expiry, manufactured in the future", () => {
    const rows = [
      parsed({ expires_at: "2027-06-14" }),
      parsed({ row: 3, sku: "B", expires_at: null, lot_number: "B-1" }),
      parsed({ row: 4, lot_number: "N-4", manufactured_at: "2027-07-01" }),
    ]
    expect(errorsOf(rows)).toEqual([
      [2, "expires_at", expect.stringMatching(/expired on 2027-06-14/)],
      [3, "expires_at", expect.stringMatching(/expires_at is required for SKU B/)],
      [4, "manufactured_at", expect.stringMatching(/in the future/)],
    ])
    expect(errorsOf([rows[0]], facts({ allow_expired: true }))).toEqual([])
  })

  it("adds to an existing lot only when the file agrees with it and it is not recalled", () => {
    expect(checkImportRows([parsed({ lot_number: "L-1", expires_at: null })], facts()).valid[0].lot_id).toEqual("lot_1")
    expect(errorsOf([parsed({ lot_number: "L-1", expires_at: "2029-01-01" })])).toEqual([
      [2, "expires_at", expect.stringMatching(/Lot L-1 exists with expires_at 2028-01-01, not 2029-01-01/)],
    ])
    expect(errorsOf([parsed({ lot_number: "L-1", expires_at: null })], facts({ lots: [lot({ status: "recalled" })] }))).toEqual([
      [2, null, expect.stringMatching(/recalled/)],
    ])
  })

  it("finds duplicates, one new lot with two dates, supplier codes and serials given twice", () => {
    const serialized = new Map([["i_a", { tracked: true, require_expiry: false, serialized: true, is_default: false }]])
    expect(
      errorsOf([
        parsed({}),
        parsed({ row: 3 }),
        parsed({ row: 4, location: "sloc_x", expires_at: "2028-07-01" }),
        parsed({ row: 5, lot_number: "S-1", supplier_lot_code: "SUP" }),
        parsed({ row: 6, lot_number: "S-2", supplier_lot_code: "SUP" }),
        parsed({ row: 7, lot_number: "T-1", supplier_lot_code: "TAKEN" }),
      ], facts({ supplier_codes_taken: new Set(["i_a\u0000TAKEN"]) }))
    ).toEqual([
      [3, "lot_number", expect.stringMatching(/Duplicate: .* row 2/)],
      [4, "expires_at", expect.stringMatching(/on row 2 too/)],
      [6, "supplier_lot_code", expect.stringMatching(/two lots of this item/)],
      [7, "supplier_lot_code", expect.stringMatching(/already used/)],
    ])
    expect(
      errorsOf(
        [
          parsed({ quantity: 2, serial_numbers: ["S1", "S2"] }),
          parsed({ row: 3, lot_number: "N-2", quantity: 1, serial_numbers: ["S2"] }),
          parsed({ row: 4, lot_number: "N-3", quantity: 1, serial_numbers: ["OLD"] }),
          parsed({ row: 5, lot_number: "N-4", quantity: 1 }),
        ],
        facts({ policies: serialized, serials_taken: new Set(["i_a\u0000OLD"]) })
      )
    ).toEqual([
      [3, "serial_numbers", expect.stringMatching(/S2 is already on row 2/)],
      [4, "serial_numbers", expect.stringMatching(/already in use: OLD/)],
      [5, "serial_numbers", expect.stringMatching(/is serialized: give one serial number per unit/)],
    ])
  })

  it("opening balance: the units per item and location must fit in the unassigned units", () => {
    const f = facts({ mode: "opening_balance", unassigned: new Map([["i_a:sloc_p", 8]]) })
    expect(checkImportRows([parsed({ quantity: 5 }), parsed({ row: 3, lot_number: "N-2", quantity: 3 })], f).errors).toEqual([])
    expect(errorsOf([parsed({ quantity: 5 }), parsed({ row: 3, lot_number: "N-2", quantity: 4 })], f)).toEqual([
      [2, "quantity", expect.stringMatching(/puts 9 units .* only 8 units/)],
      [3, "quantity", expect.stringMatching(/puts 9 units .* only 8 units/)],
    ])
  })

  it("count: existing lots at the location only, never below reserved, once per lot and location", () => {
    const f = facts({ mode: "count" })
    const count = (over: Partial<ParsedImportRow>) => parsed({ lot_number: "L-1", expires_at: null, quantity: 6, ...over })
    expect(checkImportRows([count({})], f).valid).toEqual([expect.objectContaining({ lot_id: "lot_1", quantity: 6 })])
    expect(
      errorsOf([count({ lot_number: "NOPE" }), count({ row: 3, location: "Depot " }), count({ row: 4, quantity: 3 }), count({ row: 5 }), count({ row: 6 })], f)
    ).toEqual([
      [2, "lot_number", expect.stringMatching(/does not exist; .*use mode receive/)],
      [3, "location", expect.stringMatching(/2 stock locations/)],
      [4, "quantity", expect.stringMatching(/Cannot count 3 units: 4 units/)],
      [6, "lot_number", expect.stringMatching(/Duplicate: .* row 5/)],
    ])
  })
})
