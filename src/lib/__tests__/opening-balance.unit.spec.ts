import {
  binChange,
  binProblem,
  existingLotProblem,
  newLotProblem,
  openingBalanceLinesProblem,
  openingBalanceProblem,
  overAssignmentProblem,
  supplierKey,
  supplierLotCodeProblem,
  unassignedUnits,
  type ExistingLot,
} from "../opening-balance"

const today = "2026-12-01"
const defaultPolicy = { require_expiry: false, tracked: false, is_default: true }
const lot = (over: Partial<ExistingLot> = {}): ExistingLot => ({
  id: "lot_1",
  lot_number: "B-1",
  status: "active",
  supplier_lot_code: null,
  supplier: null,
  manufactured_at: "2026-01-01",
  expires_at: "2027-06-30",
  best_before: null,
  ...over,
})

describe("bins and supplier codes", () => {
  it("takes shelf codes of 1 to 32 characters, not blank", () => {
    expect(binProblem("A-01-03")).toBeNull()
    expect(binProblem("x".repeat(32))).toBeNull()
    expect(binProblem("x".repeat(33))).toBe("bin must be at most 32 characters")
    expect(binProblem("   ")).toBe("bin must not be blank")
    expect(binProblem(3, "to_bin")).toBe("to_bin must be text (a shelf code)")
  })

  it("takes supplier lot codes of 1 to 100 characters; suppliers compare without case", () => {
    expect(supplierLotCodeProblem("S-77")).toBeNull()
    expect(supplierLotCodeProblem("x".repeat(101))).toMatch(/at most 100/)
    expect(supplierLotCodeProblem("")).toMatch(/blank/)
    expect(supplierKey("ACME")).toBe(supplierKey("acme"))
    expect(supplierKey(null)).toBe("")
  })

  it("moves units already on a shelf with a put-away; a new or empty row just takes the bin", () => {
    expect(binChange(null, undefined)).toEqual({ set: false, put_away: null })
    expect(binChange(null, "A1")).toEqual({ set: true, put_away: null })
    expect(binChange({ bin: "A1", stocked_quantity: 0 }, "B2")).toEqual({ set: true, put_away: null })
    expect(binChange({ bin: "A1", stocked_quantity: 5 }, "A1")).toEqual({ set: false, put_away: null })
    expect(binChange({ bin: "A1", stocked_quantity: 5 }, "B2")).toEqual({ set: true, put_away: { from_bin: "A1", to_bin: "B2" } })
    expect(binChange({ bin: null, stocked_quantity: 5 }, "B2")).toEqual({ set: true, put_away: { from_bin: null, to_bin: "B2" } })
    expect(binChange({ bin: "A1", stocked_quantity: 5 }, null)).toEqual({ set: true, put_away: { from_bin: "A1", to_bin: null } })
  })
})

describe("opening balance rules", () => {
  it("counts unassigned units, never negative, and refuses more than that", () => {
    expect(unassignedUnits(50, 20)).toBe(30)
    expect(unassignedUnits(5, 20)).toBe(0)
    expect(overAssignmentProblem({ requested: 30, unassigned: 30, sku: "SKU", location: "Paris" })).toBeNull()
    expect(overAssignmentProblem({ requested: 31, unassigned: 30, sku: "SKU", location: "Paris" })).toBe(
      "Cannot put 31 units into lots: only 30 units of SKU at Paris are not in any lot"
    )
    expect(overAssignmentProblem({ requested: 2, unassigned: 1, sku: null, location: "Paris" })).toMatch(/only 1 unit of this item at Paris/)
  })

  it("checks the lines among themselves: count, quantities, bins, a lot or a supplier code twice", () => {
    expect(openingBalanceLinesProblem([])).toMatch(/at least one lot/)
    expect(openingBalanceLinesProblem(Array(501).fill({ quantity: 1 }))).toMatch(/at most 500/)
    expect(openingBalanceLinesProblem([{ quantity: 0 }])).toMatch(/lots\[0\]\.quantity must be a whole number greater than 0/)
    expect(openingBalanceLinesProblem([{ quantity: 1.5 }])).toMatch(/whole number/)
    expect(openingBalanceLinesProblem([{ quantity: 1, bin: "x".repeat(33) }])).toBe("lots[0].bin must be at most 32 characters")
    expect(openingBalanceLinesProblem([{ lot_number: "A", quantity: 1 }, { lot_number: "A", quantity: 2 }])).toMatch(/Lot A appears twice/)
    expect(
      openingBalanceLinesProblem([
        { supplier_lot_code: "S1", supplier: "Acme", quantity: 1 },
        { supplier_lot_code: "S1", supplier: "ACME", quantity: 1 },
      ])
    ).toMatch(/Supplier lot code S1 appears twice/)
    expect(
      openingBalanceLinesProblem([
        { supplier_lot_code: "S1", supplier: "Acme", quantity: 1 },
        { supplier_lot_code: "S1", supplier: "Other", quantity: 1 },
        { quantity: 3 },
        { quantity: 4 },
      ])
    ).toBeNull()
  })

  it("an existing lot takes the units only when the line agrees with it, is not recalled, and not expired unless allowed", () => {
    expect(existingLotProblem({ quantity: 1 }, lot(), today)).toBeNull()
    expect(existingLotProblem({ quantity: 1, expires_at: "2027-06-30" }, lot(), today)).toBeNull()
    expect(existingLotProblem({ quantity: 1, expires_at: "2027-07-01" }, lot(), today)).toBe(
      "Lot B-1 exists with expires_at 2027-06-30, not 2027-07-01; leave expires_at out to add the units to it, or correct the lot first"
    )
    expect(existingLotProblem({ quantity: 1, supplier_lot_code: "S" }, lot(), today)).toMatch(/supplier_lot_code empty, not S/)
    expect(existingLotProblem({ quantity: 1 }, lot({ status: "recalled" }), today)).toMatch(/recalled/)
    expect(existingLotProblem({ quantity: 1 }, lot({ status: "quarantined", metadata: { lot_tracking: "awaiting_lot_confirmation" } }), today)).toMatch(
      /awaiting lot confirmation/
    )
    // A quarantined lot takes units (they are held).
    expect(existingLotProblem({ quantity: 1 }, lot({ status: "quarantined" }), today)).toBeNull()
    expect(existingLotProblem({ quantity: 1 }, lot({ expires_at: "2026-11-30" }), today)).toMatch(/unless allow_expired/)
    expect(existingLotProblem({ quantity: 1 }, lot({ expires_at: "2026-11-30" }), today, { allow_expired: true })).toBeNull()
  })

  it("new lots follow the create-lot date rules", () => {
    const base = { inventory_item_id: "iitem_1", lot_number: "N", receiving: true }
    expect(newLotProblem({ ...base, expires_at: "2027-01-01" }, today, defaultPolicy)).toBeNull()
    expect(newLotProblem({ ...base, manufactured_at: "2026-05-02", expires_at: "2026-05-01" }, today, defaultPolicy)).toMatch(/is before manufactured_at/)
    expect(newLotProblem({ ...base, manufactured_at: "2026-12-02" }, today, defaultPolicy)).toMatch(/is in the future/)
    expect(newLotProblem({ ...base, expires_at: "2026-11-30" }, today, defaultPolicy)).toMatch(/unless allow_expired/)
    expect(newLotProblem({ ...base, expires_at: "2026-11-30", allow_expired: true }, today, defaultPolicy)).toBeNull()
    expect(newLotProblem({ ...base, expires_at: "2026-11-30", receiving: false }, today, defaultPolicy)).toBeNull()
    expect(newLotProblem(base, today, { ...defaultPolicy, require_expiry: true })).toBe("Lot N: expires_at is required for inventory item iitem_1")
    // An item the merchant keeps untracked is not asked for expiry dates.
    expect(newLotProblem(base, today, { require_expiry: true, tracked: false, is_default: false })).toBeNull()
  })

  it("puts it together: policy, lines, lots, then the unassigned units", () => {
    const input = {
      inventory_item_id: "iitem_1",
      lines: [{ lot_number: "B-1", quantity: 5 }, { expires_at: "2027-01-01", quantity: 5 }],
      existing: new Map([["B-1", lot()]]),
      today,
      policy: defaultPolicy,
      unassigned: 10,
      sku: "SKU",
      location: "Paris",
    }
    expect(openingBalanceProblem(input)).toBeNull()
    expect(openingBalanceProblem({ ...input, unassigned: 9 })).toMatch(/only 9 units of SKU at Paris/)
    expect(openingBalanceProblem({ ...input, policy: { ...defaultPolicy, serialized: true } })).toMatch(/is serialized/)
    expect(openingBalanceProblem({ ...input, policy: { require_expiry: false, tracked: false, is_default: false } })).toMatch(
      /is not tracked by lot/
    )
    expect(openingBalanceProblem({ ...input, lines: [{ expires_at: "2026-01-01", quantity: 1 }] })).toMatch(/unless allow_expired/)
    expect(openingBalanceProblem({ ...input, allow_expired: true, lines: [{ expires_at: "2026-01-01", quantity: 1 }] })).toBeNull()
  })
})
