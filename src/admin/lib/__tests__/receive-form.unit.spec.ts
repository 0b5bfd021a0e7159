import { mapApiErrors } from "../field-errors"
import { parseGs1 } from "../gs1"
import {
  addSerial,
  applyScan,
  binProblem,
  emptyReceiveLotForm,
  emptySerialEntry,
  receiptLine,
  rowQuantity,
  rowSerials,
  receiveLotBody,
  normalizeBin,
  RECEIVE_LOT_FIELDS,
  serialScanLocation,
  validateReceiveLotForm,
  type ReceiveLotForm,
} from "../receive-form"

describe("receive lot form", () => {
  const filled = () => ({
    ...emptyReceiveLotForm(),
    inventory_item_id: "iitem_1",
    expires_at: "2027-12-31",
    quantities: { sloc_a: "10", sloc_b: "" },
  })

  it("builds the POST /admin/lots body: empty lot number generated, empty quantities skipped", () => {
    expect(receiveLotBody(filled())).toEqual({
      inventory_item_id: "iitem_1",
      expires_at: "2027-12-31",
      receive: [{ location_id: "sloc_a", quantity: 10 }],
    })
    expect(receiveLotBody({ ...filled(), lot_number: "B-1", supplier: " ACME ", allow_expired: true })).toMatchObject({
      lot_number: "B-1",
      supplier: "ACME",
      allow_expired: true,
    })
  })

  it("checks item, dates and quantities before sending", () => {
    expect(validateReceiveLotForm(filled())).toEqual({})
    expect(validateReceiveLotForm(emptyReceiveLotForm())).toEqual({
      inventory_item_id: expect.any(String),
      receive: "Enter the quantity received at one location at least",
    })
    expect(validateReceiveLotForm({ ...filled(), expires_at: "2027-02-30" })).toEqual({
      expires_at: "expires_at must be a calendar date written YYYY-MM-DD",
    })
    expect(validateReceiveLotForm({ ...filled(), quantities: { sloc_a: "1.5" } })).toHaveProperty("receive")
    expect(validateReceiveLotForm({ ...filled(), quantities: { sloc_a: "0" } })).toHaveProperty("receive")
    expect(validateReceiveLotForm({ ...filled(), lot_number: " A" })).toHaveProperty("lot_number")
  })

  it("fills lot number and dates from a scan, keeping the rest", () => {
    const res = parseGs1("(01)03453120000011(11)250301(17)271231(10)ABC123")
    if (!res.ok) throw new Error(res.error)
    const form = applyScan({ ...filled(), supplier: "ACME" }, res.scan)
    expect(form).toMatchObject({
      lot_number: "ABC123",
      manufactured_at: "2025-03-01",
      expires_at: "2027-12-31",
      supplier: "ACME",
      inventory_item_id: "iitem_1",
    })
  })

  it("puts a scan's lot (AI 10) into the supplier lot code when the plugin says labels carry the supplier's code", () => {
    const res = parseGs1("(01)03453120000011(17)271231(10)SUP-42")
    if (!res.ok) throw new Error(res.error)
    const typed = { ...filled(), lot_number: "OWN-1" }
    expect(applyScan(typed, res.scan, { lotIsSupplierCode: true })).toMatchObject({
      lot_number: "OWN-1",
      supplier_lot_code: "SUP-42",
      expires_at: "2027-12-31",
    })
    expect(applyScan(typed, res.scan, { lotIsSupplierCode: false })).toMatchObject({ lot_number: "SUP-42", supplier_lot_code: "" })
    expect(applyScan(typed, res.scan)).toMatchObject({ lot_number: "SUP-42", supplier_lot_code: "" })
    // A scan without AI 10 keeps both codes as typed.
    const noLot = parseGs1("(01)03453120000011(17)271231")
    if (!noLot.ok) throw new Error(noLot.error)
    expect(applyScan({ ...typed, supplier_lot_code: "S-1" }, noLot.scan, { lotIsSupplierCode: true })).toMatchObject({
      lot_number: "OWN-1",
      supplier_lot_code: "S-1",
    })
  })

  it("sends the supplier lot code and each location's bin (trimmed; empty = none)", () => {
    const form = {
      ...filled(),
      supplier_lot_code: " SUP-42 ",
      quantities: { sloc_a: "10", sloc_b: "5", sloc_c: "" },
      bins: { sloc_a: " A-01-03 ", sloc_b: "  ", sloc_c: "C-9" },
    }
    expect(validateReceiveLotForm(form)).toEqual({})
    expect(receiveLotBody(form)).toMatchObject({
      supplier_lot_code: "SUP-42",
      receive: [
        { location_id: "sloc_a", quantity: 10, bin: "A-01-03" },
        { location_id: "sloc_b", quantity: 5 },
      ],
    })
    expect(receiveLotBody(filled())).not.toHaveProperty("supplier_lot_code", expect.anything())
  })

  it("refuses a bin longer than 32 characters, under its location", () => {
    const long = "B".repeat(33)
    expect(binProblem(long)).toMatch(/at most 32 characters/)
    expect(binProblem(" " + "B".repeat(32) + " ")).toBeNull()
    expect(binProblem("")).toBeNull()
    expect(normalizeBin("  ")).toBeNull()
    expect(normalizeBin(" A-1 ")).toBe("A-1")
    expect(validateReceiveLotForm({ ...filled(), bins: { sloc_a: long } })).toEqual({ "bin.sloc_a": expect.stringMatching(/at most 32/) })
    // A bin at a location without units is not sent, so not checked.
    expect(validateReceiveLotForm({ ...filled(), bins: { sloc_b: long } })).toEqual({})
  })

  it("shows the API's supplier lot code and bin messages at their fields", () => {
    expect(mapApiErrors("Invalid request: supplier_lot_code must be at most 100 characters", RECEIVE_LOT_FIELDS).fields).toEqual({
      supplier_lot_code: "supplier_lot_code must be at most 100 characters",
    })
    expect(
      mapApiErrors("Supplier lot code SUP-1 already exists for this item and supplier ACME", RECEIVE_LOT_FIELDS).fields
    ).toHaveProperty("supplier_lot_code")
    expect(mapApiErrors("Invalid request: supplier must be at most 200 characters", RECEIVE_LOT_FIELDS).fields).toHaveProperty("supplier")
    expect(mapApiErrors("Invalid request: receive[0].bin must be at most 32 characters", RECEIVE_LOT_FIELDS).fields).toHaveProperty("receive")
  })

  it("builds a receipt into an existing lot with a bin", () => {
    expect(receiptLine("sloc_a", "4", undefined, { bin: " R-2 " })).toEqual({ line: { location_id: "sloc_a", quantity: 4, bin: "R-2" }, errors: {} })
    expect(receiptLine("sloc_a", "4", undefined, { bin: "x".repeat(40) })).toEqual({
      line: null,
      errors: { "bin.sloc_a": expect.stringMatching(/at most 32/) },
    })
  })

  describe("serialized items", () => {
    const serialized = { serialized: true }
    const withSerials = (serials: ReceiveLotForm["serials"], quantities: Record<string, string> = { sloc_a: "3" }): ReceiveLotForm => ({
      ...filled(),
      quantities,
      serials,
    })

    it("sends each location's serials: a list, a range, or nothing (generated)", () => {
      const form = withSerials(
        {
          sloc_a: { ...emptySerialEntry(), list: "SN-1\nSN-2, SN-3\n" },
          sloc_b: { list: "", from: "SN-0010", to: "SN-0011" },
          sloc_c: emptySerialEntry(),
        },
        { sloc_a: "3", sloc_b: "2", sloc_c: "4" }
      )
      expect(validateReceiveLotForm(form, serialized)).toEqual({})
      expect(receiveLotBody(form, serialized).receive).toEqual([
        { location_id: "sloc_a", quantity: 3, serial_numbers: ["SN-1", "SN-2", "SN-3"] },
        { location_id: "sloc_b", quantity: 2, serial_range: { from: "SN-0010", to: "SN-0011" } },
        { location_id: "sloc_c", quantity: 4 },
      ])
    })

    it("ignores serial inputs for an item that is not serialized", () => {
      const form = withSerials({ sloc_a: { ...emptySerialEntry(), list: "SN-1" }, sloc_b: { ...emptySerialEntry(), list: "SN-2" } })
      expect(receiveLotBody(form).receive).toEqual([{ location_id: "sloc_a", quantity: 3 }])
      expect(validateReceiveLotForm(form)).toEqual({})
    })

    it("takes the quantity from the serials when none is typed", () => {
      const form = withSerials({ sloc_a: { ...emptySerialEntry(), list: "SN-1\nSN-2" } }, {})
      expect(rowQuantity(form, "sloc_a", true)).toBe(2)
      expect(validateReceiveLotForm(form, serialized)).toEqual({})
      expect(receiveLotBody(form, serialized).receive).toEqual([{ location_id: "sloc_a", quantity: 2, serial_numbers: ["SN-1", "SN-2"] }])
      expect(validateReceiveLotForm(withSerials({}, {}), serialized)).toEqual({
        receive: "Enter the quantity received, or its serials, at one location at least",
      })
    })

    it("refuses a count that is not the quantity, both a list and a range, a broken range and repeated serials", () => {
      const list = (text: string) => ({ ...emptySerialEntry(), list: text })
      expect(validateReceiveLotForm(withSerials({ sloc_a: list("SN-1\nSN-2") }), serialized)).toEqual({
        "serials.sloc_a": "2 serials for a quantity of 3: name one per unit, or leave the serials empty to generate them",
      })
      expect(validateReceiveLotForm(withSerials({ sloc_a: { list: "SN-1", from: "SN-1", to: "" } }), serialized)).toEqual({
        "serials.sloc_a": "Type the serials or give a range, not both",
      })
      expect(validateReceiveLotForm(withSerials({ sloc_a: { list: "", from: "SN-01", to: "" } }), serialized)).toEqual({
        "serials.sloc_a": "Enter both ends of the range, e.g. SN-0001 to SN-0100",
      })
      expect(validateReceiveLotForm(withSerials({ sloc_a: { list: "", from: "A-01", to: "B-03" } }), serialized)["serials.sloc_a"]).toMatch(
        /share their prefix/
      )
      expect(validateReceiveLotForm(withSerials({ sloc_a: list("SN-1 SN-2 SN-1") }), serialized)).toEqual({
        "serials.sloc_a": "Serial listed twice: SN-1",
      })
      expect(
        validateReceiveLotForm(
          withSerials({ sloc_a: list("SN-01 SN-02"), sloc_b: { list: "", from: "SN-02", to: "SN-03" } }, { sloc_a: "2", sloc_b: "2" }),
          serialized
        )
      ).toEqual({ "serials.sloc_b": "Already named at another location: SN-02" })
    })

    it("reads what each location's inputs say", () => {
      expect(rowSerials(undefined)).toEqual({ kind: "generate", count: null })
      expect(rowSerials({ list: "", from: "SN-0001", to: "SN-0100" })).toEqual({
        kind: "range",
        range: { from: "SN-0001", to: "SN-0100" },
        count: 100,
        problem: null,
      })
    })

    it("adds a scanned serial (AI 21) to a location once", () => {
      const res = parseGs1("(01)03453120000011(10)LOT-7(21)SN-9")
      if (!res.ok) throw new Error(res.error)
      const scanned = addSerial(applyScan(withSerials({}), res.scan), "sloc_a", res.scan.serial!)
      expect(scanned.added).toBe(true)
      expect(scanned.form).toMatchObject({ lot_number: "LOT-7", serials: { sloc_a: { list: "SN-9\n" } } })
      const again = addSerial(scanned.form, "sloc_b", "SN-9")
      expect(again).toEqual({ form: scanned.form, added: false })
    })

    it("builds one location's receipt into an existing lot by the same rules", () => {
      expect(receiptLine("sloc_a", "2", { list: "SN-1 SN-2", from: "", to: "" }, serialized)).toEqual({
        line: { location_id: "sloc_a", quantity: 2, serial_numbers: ["SN-1", "SN-2"] },
        errors: {},
      })
      expect(receiptLine("sloc_a", "5", undefined, serialized)).toEqual({ line: { location_id: "sloc_a", quantity: 5 }, errors: {} })
      expect(receiptLine("sloc_a", "3", { list: "SN-1", from: "", to: "" }, serialized)).toEqual({
        line: null,
        errors: { "serials.sloc_a": expect.stringContaining("1 serial for a quantity of 3") },
      })
      expect(receiptLine("sloc_a", "", undefined, serialized).errors).toHaveProperty("receive")
      expect(receiptLine("sloc_a", "4", { list: "SN-1", from: "", to: "" })).toEqual({ line: { location_id: "sloc_a", quantity: 4 }, errors: {} })
    })

    it("sends a scanned serial to the location edited last, else the first one still short of serials", () => {
      const form = withSerials({ sloc_a: { ...emptySerialEntry(), list: "SN-1 SN-2" } }, { sloc_a: "2", sloc_b: "3" })
      const ids = ["sloc_a", "sloc_b", "sloc_c"]
      expect(serialScanLocation(form, ids, "sloc_c")).toBe("sloc_c")
      expect(serialScanLocation(form, ids, null)).toBe("sloc_b")
      expect(serialScanLocation(withSerials({}, {}), ids, null)).toBe("sloc_a")
      expect(serialScanLocation(withSerials({}, {}), [], null)).toBeNull()
    })
  })
})
