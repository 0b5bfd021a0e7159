import { lotFieldChanges } from "../lot-edits"

describe("lot edit ledger: changed fields", () => {
  const lot = {
    lot_number: "LOT-1",
    manufactured_at: "2026-01-01",
    expires_at: "2027-01-01",
    best_before: null,
    supplier: "Acme",
    supplier_lot_code: null,
    origin: "FR",
    unit_cost: 2.5,
    metadata: { a: 1 },
  }

  it("lists only the fields whose value really changes, with before and after", () => {
    expect(lotFieldChanges(lot, { expires_at: "2027-02-01", supplier: "Acme", origin: "FR" })).toEqual([
      { field: "expires_at", before: "2027-01-01", after: "2027-02-01" },
    ])
    expect(lotFieldChanges(lot, { lot_number: "LOT-2", best_before: "2026-12-01", supplier: null })).toEqual([
      { field: "lot_number", before: "LOT-1", after: "LOT-2" },
      { field: "best_before", before: null, after: "2026-12-01" },
      { field: "supplier", before: "Acme", after: null },
    ])
  })

  it("ignores metadata, absent fields and values sent unchanged", () => {
    expect(lotFieldChanges(lot, { metadata: { a: 2 } })).toEqual([])
    expect(lotFieldChanges(lot, {})).toEqual([])
    expect(lotFieldChanges(lot, { lot_number: "LOT-1", expires_at: "2027-01-01", supplier_lot_code: null, unit_cost: undefined })).toEqual([])
  })

  it("compares a unit cost as a number (a stored BigNumber included)", () => {
    expect(lotFieldChanges(lot, { unit_cost: "2.50" })).toEqual([])
    expect(lotFieldChanges({ unit_cost: { numeric: 2.5 } }, { unit_cost: 3 })).toEqual([{ field: "unit_cost", before: 2.5, after: 3 }])
    expect(lotFieldChanges({ unit_cost: null }, { unit_cost: 1.2 })).toEqual([{ field: "unit_cost", before: null, after: 1.2 }])
  })
})
