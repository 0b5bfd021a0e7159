import {
  editedChanges,
  movementDetail,
  movementLabel,
  formatAddress,
  formatCalendarDate,
  formatDuration,
  lotBadges,
  movementQuantity,
  percent,
  putAwayBins,
  relativeDays,
  todayInBrowser,
  traceSummaryText,
} from "../format"

describe("admin formatting", () => {
  it("shows calendar dates without time-zone shifts", () => {
    expect(formatCalendarDate("2027-12-31")).toBe("31 Dec 2027")
    expect(formatCalendarDate(null)).toBe("-")
    expect(todayInBrowser(new Date("2026-03-01T12:00:00Z"))).toMatch(/^2026-03-0[12]$/)
  })

  it("gives each lot its status and expiry badges", () => {
    expect(lotBadges({ status: "active" })).toEqual([{ label: "Active", color: "green" }])
    expect(lotBadges({ status: "quarantined", expired: true }).map((b) => b.label)).toEqual(["Quarantined", "Expired"])
    expect(lotBadges({ status: "recalled", expiring_soon: true }).map((b) => b.label)).toEqual(["Recalled", "Expiring soon"])
  })

  it("words days, durations, rates and quantities", () => {
    expect(relativeDays(0)).toBe("expires today")
    expect(relativeDays(1)).toBe("in 1 day")
    expect(relativeDays(-12)).toBe("12 days ago")
    expect(relativeDays(null)).toBe("no expiry date")
    expect(formatDuration(850)).toBe("850 ms")
    expect(formatDuration(200_000)).toBe("3 min 20 s")
    expect(formatDuration(2 * 3600_000 + 300_000)).toBe("2 h 5 min")
    expect(percent(0.98765)).toBe("98.8 %")
    expect(percent(null)).toBe("n/a")
    expect(movementQuantity({ type: "received", quantity: 60 })).toBe("+60 units")
    expect(movementQuantity({ type: "fulfilled", quantity: -1 })).toBe("−1 unit")
    expect(movementQuantity({ type: "reserved", quantity: 2 })).toBe("+2 units reserved")
    expect(movementQuantity({ type: "return_damaged", quantity: 0, metadata: { units: 2, damaged: true } })).toBe("2 units damaged")
  })

  it("writes a ship-to address on one line", () => {
    expect(
      formatAddress({ first_name: "Camille", last_name: "Martin", address_1: "8 rue de Rivoli", postal_code: "75004", city: "Paris", country_code: "fr" })
    ).toBe("Camille Martin, 8 rue de Rivoli, 75004 Paris, FR")
    expect(formatAddress(null)).toBe("-")
  })
})

describe("trace summary", () => {
  it("words the forward trace's totals", () => {
    expect(traceSummaryText({ units_shipped: 3, shipments: 1, orders: 1, units_returned: 0 })).toBe("3 units shipped in 1 shipment to 1 order")
    expect(traceSummaryText({ units_shipped: 5, shipments: 2, orders: 2, customers: 1, units_returned: 1 })).toBe(
      "5 units shipped in 2 shipments to 1 customer (2 orders), 1 returned"
    )
    expect(traceSummaryText({ units_shipped: 0, shipments: 0, orders: 0, units_returned: 0 })).toBe("Not shipped yet.")
  })
})

describe("put-away bins", () => {
  it("reads the move from one bin to another, an empty side as no bin", () => {
    expect(putAwayBins({ from_bin: "A-01", to_bin: "B-07" })).toBe("A-01 → B-07")
    expect(putAwayBins({ from_bin: null, to_bin: "B-07" })).toBe("no bin → B-07")
    expect(putAwayBins({ from_bin: "A-01", to_bin: null })).toBe("A-01 → no bin")
  })

  it("is nothing for a movement without bins", () => {
    expect(putAwayBins(null)).toBeNull()
    expect(putAwayBins({ reason: "count" })).toBeNull()
  })
})

describe("lot edits in the ledger", () => {
  it("labels an edit and lists each changed field with its before and after", () => {
    expect(movementLabel("edited")).toBe("Edited")
    const metadata = {
      changes: [
        { field: "expires_at", before: "2027-12-31", after: "2028-01-31" },
        { field: "supplier", before: "Acme", after: null },
        { field: "lot_number", before: "L-1", after: "L-2" },
      ],
    }
    expect(editedChanges(metadata)).toBe("Expiry date: 31 Dec 2027 → 31 Jan 2028; Supplier: Acme → none; Lot number: L-1 → L-2")
    expect(movementDetail({ type: "edited", metadata })).toBe(editedChanges(metadata))
  })

  it("is nothing without changes, and other lines keep their own detail", () => {
    expect(editedChanges(null)).toBeNull()
    expect(editedChanges({ changes: [] })).toBeNull()
    expect(movementDetail({ type: "put_away", metadata: { from_bin: "A", to_bin: "B" } })).toBe("A → B")
    expect(movementDetail({ type: "received", metadata: null })).toBeNull()
  })
})
