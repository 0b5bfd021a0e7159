import { mapApiErrors } from "../field-errors"
import {
  assignedUnits,
  emptyOpeningBalanceForm,
  emptyOpeningLotRow,
  hasExpiredLot,
  openingBalanceBody,
  openingBalanceMatchers,
  remainingText,
  remainingUnits,
  TOTAL_ERROR_KEY,
  validateOpeningBalance,
  type OpeningBalanceForm,
  type OpeningLotRow,
} from "../opening-balance-form"

const row = (patch: Partial<OpeningLotRow>, key = "k"): OpeningLotRow => ({ ...emptyOpeningLotRow(key), ...patch })
/** The fields an API message is shown under (keys hold dots: no toHaveProperty). */
const fieldsOf = (message: string, matchers: ReturnType<typeof openingBalanceMatchers>) => Object.keys(mapApiErrors(message, matchers).fields)
const form = (...rows: OpeningLotRow[]): OpeningBalanceForm => ({ rows, note: "", allow_expired: false })

describe("opening balance form (Assign to lots)", () => {
  it("starts with one lot holding every unassigned unit", () => {
    expect(emptyOpeningBalanceForm(50)).toEqual({
      rows: [expect.objectContaining({ quantity: "50", lot_number: "", bin: "" })],
      note: "",
      allow_expired: false,
    })
    expect(emptyOpeningBalanceForm(0).rows[0].quantity).toBe("")
  })

  it("counts the units left to assign as staff type", () => {
    const rows = [row({ quantity: "30" }), row({ quantity: "15" }), row({ quantity: "abc" }), row({ quantity: "" })]
    expect(assignedUnits(rows)).toBe(45)
    expect(remainingUnits(50, rows)).toBe(5)
    expect(remainingText(50, rows)).toEqual({ text: "5 units of 50 left to assign", tone: "open" })
    expect(remainingText(50, [row({ quantity: "49" })])).toEqual({ text: "1 unit of 50 left to assign", tone: "open" })
    expect(remainingText(50, [row({ quantity: "50" })])).toEqual({ text: "All 50 units assigned", tone: "ok" })
    expect(remainingText(50, [row({ quantity: "60" })])).toEqual({ text: "10 units more than the 50 not in any lot", tone: "over" })
  })

  it("accepts lots that fit the unassigned units", () => {
    const f = form(
      row({ quantity: "30", lot_number: "OB-1", expires_at: "2027-12-31", bin: "A-01" }),
      row({ quantity: "20", supplier_lot_code: "SUP-9" })
    )
    expect(validateOpeningBalance(f, { unassigned: 50 })).toEqual({})
  })

  it("refuses more units than are unassigned, under the running count", () => {
    const errors = validateOpeningBalance(form(row({ quantity: "40" }), row({ quantity: "20" })), {
      unassigned: 50,
      locationName: "Paris Warehouse",
    })
    expect(errors).toEqual({ [TOTAL_ERROR_KEY]: "The lots hold 60 units, but only 50 units at Paris Warehouse are not in any lot" })
  })

  it("checks each lot: units, dates, blanks, repeated lot numbers, bins, required expiry", () => {
    const errors = validateOpeningBalance(
      form(
        row({ quantity: "0", manufactured_at: "2027-01-01", expires_at: "2026-01-01" }),
        row({ quantity: "1.5", lot_number: " X", expires_at: "2026-02-30" }),
        row({ quantity: "", lot_number: "SAME" }),
        row({ quantity: "1", lot_number: "SAME", bin: "b".repeat(33) })
      ),
      { unassigned: 100, requireExpiry: true }
    )
    expect(errors).toEqual({
      "lots.0.quantity": "Enter a whole number of units greater than 0",
      "lots.0.expires_at": "The expiry date is before the production date",
      "lots.1.quantity": "Enter a whole number of units greater than 0",
      "lots.1.lot_number": "A lot number must not start or end with blanks",
      "lots.1.expires_at": "Write the date YYYY-MM-DD",
      "lots.2.quantity": "Enter the units of this lot",
      "lots.2.expires_at": "This item requires an expiry date on every lot",
      "lots.3.lot_number": "Lot SAME is already lot 3 of this form",
      "lots.3.expires_at": "This item requires an expiry date on every lot",
      "lots.3.bin": expect.stringMatching(/at most 32 characters/),
    })
    expect(validateOpeningBalance(form(), { unassigned: 5 })).toEqual({ [TOTAL_ERROR_KEY]: "Add a lot" })
  })

  it("builds the POST /admin/lot-tracking/opening-balance body: empty fields left out, lot numbers generated", () => {
    const f: OpeningBalanceForm = {
      rows: [
        row({ quantity: " 30 ", lot_number: "OB-1", supplier_lot_code: " SUP-9 ", supplier: " ACME ", manufactured_at: "2026-01-02", expires_at: "2027-12-31", bin: " A-01 " }),
        row({ quantity: "20" }),
      ],
      note: "  Count at go-live ",
      allow_expired: true,
    }
    expect(openingBalanceBody("iitem_1", "sloc_1", f)).toEqual({
      inventory_item_id: "iitem_1",
      location_id: "sloc_1",
      lots: [
        {
          lot_number: "OB-1",
          supplier_lot_code: "SUP-9",
          supplier: "ACME",
          manufactured_at: "2026-01-02",
          expires_at: "2027-12-31",
          quantity: 30,
          bin: "A-01",
        },
        { quantity: 20 },
      ],
      note: "Count at go-live",
      allow_expired: true,
    })
    expect(openingBalanceBody("iitem_1", "sloc_1", form(row({ quantity: "5" })))).toEqual({
      inventory_item_id: "iitem_1",
      location_id: "sloc_1",
      lots: [{ quantity: 5 }],
    })
  })

  it("notices an expired lot (staff then allow expired stock)", () => {
    expect(hasExpiredLot(form(row({ expires_at: "2026-01-09" })), "2026-01-10")).toBe(true)
    expect(hasExpiredLot(form(row({ expires_at: "2026-01-10" })), "2026-01-10")).toBe(false)
    expect(hasExpiredLot(form(row({ expires_at: "" })), "2026-01-10")).toBe(false)
  })

  describe("the API's refusals, at the field they name", () => {
    const two = form(row({ lot_number: "OB-1", quantity: "10" }), row({ supplier_lot_code: "SUP-9", quantity: "5" }))

    it("a path names one lot's field (Medusa's zod path or the plugin's own)", () => {
      const matchers = openingBalanceMatchers(two)
      expect(mapApiErrors("Invalid request: Value for field 'lots, 1, quantity' too small, expected at least: '1'", matchers).fields).toEqual({
        "lots.1.quantity": "Value for field 'lots, 1, quantity' too small, expected at least: '1'",
      })
      expect(mapApiErrors("lots[1].bin must be at most 32 characters", matchers).fields).toEqual({
        "lots.1.bin": "lots[1].bin must be at most 32 characters",
      })
    })

    it("a lot number or supplier code typed in the form names its lot", () => {
      const matchers = openingBalanceMatchers(two)
      expect(fieldsOf("Lot OB-1 is recalled; stock cannot be put into it", matchers)).toEqual(["lots.0.lot_number"])
      expect(fieldsOf("Supplier lot code SUP-9 already exists for this item and supplier (none)", matchers)).toEqual([
        "lots.1.supplier_lot_code",
      ])
    })

    it("a check whose path Medusa drops is the lot's that alone gives the field", () => {
      const matchers = openingBalanceMatchers(two)
      expect(fieldsOf("Invalid request: supplier_lot_code must be at most 100 characters", matchers)).toEqual(["lots.1.supplier_lot_code"])
      // Both lots give a bin: which one is meant stays unknown.
      const bins = openingBalanceMatchers(form(row({ quantity: "1", bin: "A" }), row({ quantity: "1", bin: "B" })))
      expect(mapApiErrors("Invalid request: bin must be at most 32 characters", bins).general).toMatch(/bin must be/)
    })

    it("too many units go under the running count; other words stay general", () => {
      const matchers = openingBalanceMatchers(two)
      const over = mapApiErrors(
        "Cannot put 60 units into lots: only 50 units of SHAMPOO-ARGAN-250 at Paris Warehouse are not in any lot",
        matchers
      )
      expect(over.fields).toHaveProperty(TOTAL_ERROR_KEY)
      expect(over.general).toBeNull()
      expect(mapApiErrors("Inventory item X is serialized: receive them with serial numbers instead", matchers).general).toMatch(/serialized/)
    })

    it("with a single lot, a bare field name or phrase is that lot's", () => {
      const matchers = openingBalanceMatchers(form(row({ quantity: "5" })))
      expect(fieldsOf("The lot expired on 2025-01-01; receiving expired stock is refused unless allow_expired is true", matchers)).toEqual([
        "lots.0.expires_at",
      ])
      expect(fieldsOf("The lot: expires_at is required for inventory item iitem_1", matchers)).toEqual(["lots.0.expires_at"])
      // With two lots a bare field name says nothing about which: it stays general.
      expect(mapApiErrors("The lot: expires_at is required for inventory item iitem_1", openingBalanceMatchers(two)).general).toMatch(
        /expires_at is required/
      )
    })
  })
})
