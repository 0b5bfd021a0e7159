import { errorMessage, formErrorsFromApi, mapApiErrors, nameIds, splitApiMessage, type FieldMatcher } from "../field-errors"
import { RECEIVE_LOT_FIELDS } from "../receive-form"

describe("API errors next to their fields", () => {
  it("splits Medusa's joined validation messages", () => {
    expect(splitApiMessage("Invalid request: a is wrong; b is wrong")).toEqual(["a is wrong", "b is wrong"])
    expect(splitApiMessage("Lot number X already exists")).toEqual(["Lot number X already exists"])
    // Only validation messages are lists: elsewhere "; " is prose.
    expect(splitApiMessage("Lot A has only 3 units available; cannot take 5")).toEqual(["Lot A has only 3 units available; cannot take 5"])
  })

  it("maps the receive form's messages to its inputs", () => {
    const map = (m: string) => mapApiErrors(m, RECEIVE_LOT_FIELDS)
    expect(map("Invalid request: expires_at must be a calendar date written YYYY-MM-DD").fields).toEqual({
      expires_at: "expires_at must be a calendar date written YYYY-MM-DD",
    })
    expect(map("Lot number SH-1 already exists for inventory item iitem_1 (lot_1)").fields).toEqual({
      lot_number: "Lot number SH-1 already exists for inventory item iitem_1 (lot_1)",
    })
    expect(map("Lot A: expires_at (2020-01-01) is before manufactured_at (2021-01-01)").fields).toHaveProperty("expires_at")
    expect(map("Lot A: manufactured_at (2030-01-01) is in the future (today is 2026-01-01)").fields).toHaveProperty(
      "manufactured_at"
    )
    expect(
      map("Lot A expired on 2020-01-01; receiving expired stock is refused unless allow_expired is true").fields
    ).toEqual({ expires_at: "Lot A expired on 2020-01-01; receiving expired stock is refused unless allow_expired is true" })
    expect(map("The lot: expires_at is required for inventory item iitem_1").fields).toHaveProperty("expires_at")
    expect(map("Inventory item iitem_x does not exist").fields).toHaveProperty("inventory_item_id")
    expect(map("Stock location sloc_x does not exist").fields).toHaveProperty("receive")
    expect(map("Invalid request: Value for field 'receive, 0, quantity' too small, expected at least: '1'").fields).toHaveProperty(
      "receive"
    )
    expect(map("Invalid request: supplier must be at most 200 characters").fields).toHaveProperty("supplier")
    // Serials sit in the quantities block, one per location.
    expect(map("Serial numbers already received for this item: SN-1, SN-2").fields).toHaveProperty("receive")
    expect(map("Invalid request: Value for field 'receive, 0, serial_range, from' is required").fields).toHaveProperty("receive")
  })

  it("keeps what names no field as a general error, and splits mixed messages", () => {
    const res = mapApiErrors("Invalid request: Unrecognized fields: 'foo'; manufactured_at must be a calendar date written YYYY-MM-DD", RECEIVE_LOT_FIELDS)
    expect(res.general).toBe("Unrecognized fields: 'foo'")
    expect(res.fields).toEqual({ manufactured_at: "manufactured_at must be a calendar date written YYYY-MM-DD" })
  })

  it("matches whole field names only", () => {
    const fields: FieldMatcher[] = [
      { field: "at", match: ["at"] },
      { field: "x", match: ["expires_at"] },
    ]
    expect(mapApiErrors("expires_at is wrong", fields).fields).toEqual({ x: "expires_at is wrong" })
  })

  it("names the ids of a message", () => {
    expect(nameIds("Lot A has only 3 units at location sloc_1 (3 stocked)", { sloc_1: "Paris Warehouse", sloc_2: null })).toBe(
      "Lot A has only 3 units at location Paris Warehouse (3 stocked)"
    )
  })

  it("reads messages off errors of any kind", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom")
    expect(errorMessage({ message: "from fetch", status: 400 })).toBe("from fetch")
    expect(errorMessage("text")).toBe("text")
  })
})

describe("a form's errors from an API error", () => {
  const fields: FieldMatcher[] = [
    { field: "location_id", match: ["location_id", "Stock location"] },
    { field: "quantity", match: ["quantity"] },
  ]

  it("puts each part under its field and names the ids", () => {
    const e = Object.assign(new Error("Invalid request: quantity must be positive; Stock location sloc_1 is not stocked"), {
      status: 400,
    })
    expect(formErrorsFromApi(e, fields, { sloc_1: "Paris Warehouse" })).toEqual({
      fields: { quantity: "quantity must be positive", location_id: "Stock location Paris Warehouse is not stocked" },
      general: null,
    })
  })

  it("keeps what names no field as the general error", () => {
    expect(formErrorsFromApi(new Error("Lot LOT-1 is recalled"), fields)).toEqual({ fields: {}, general: "Lot LOT-1 is recalled" })
    expect(formErrorsFromApi("offline", [])).toEqual({ fields: {}, general: "offline" })
  })
})
