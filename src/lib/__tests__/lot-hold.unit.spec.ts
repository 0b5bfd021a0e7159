import { computeHold, holdDescription, holdReason, sameHold, type HoldCandidate } from "../lot-hold"

const today = "2026-11-30"
const lot = (over: Partial<HoldCandidate>): HoldCandidate => ({
  lot_id: "lot_1",
  lot_number: "L-1",
  status: "active",
  expires_at: "2027-06-30",
  stocked_quantity: 10,
  reserved_quantity: 0,
  ...over,
})
const tracked = { tracked: true, min_shelf_life_days: 30 }

describe("holdReason", () => {
  it("holds recalled, quarantined and expired lots, in that order of precedence", () => {
    expect(holdReason(lot({ status: "recalled", expires_at: "2020-01-01" }), tracked, today, false)).toEqual("recalled")
    expect(holdReason(lot({ status: "quarantined", expires_at: "2020-01-01" }), tracked, today, false)).toEqual("quarantined")
    expect(holdReason(lot({ expires_at: "2026-11-29" }), tracked, today, false)).toEqual("expired")
  })

  it("keeps a lot sellable through its expiry day (the one expiry rule)", () => {
    expect(holdReason(lot({ expires_at: today }), { min_shelf_life_days: 0 }, today, false)).toBeNull()
    expect(holdReason(lot({ expires_at: null }), tracked, today, true)).toBeNull()
  })

  it("holds short shelf life only when the merchant asks for it", () => {
    const short = lot({ expires_at: "2026-12-10" })
    expect(holdReason(short, tracked, today, false)).toBeNull()
    expect(holdReason(short, tracked, today, true)).toEqual("short_shelf_life")
    expect(holdReason(lot({ expires_at: "2026-12-30" }), tracked, today, true)).toBeNull()
  })
})

describe("computeHold", () => {
  it("holds only the free units of blocked lots, most telling reason first", () => {
    const hold = computeHold(
      [
        lot({ lot_id: "a", lot_number: "A", expires_at: "2026-01-01", stocked_quantity: 6, reserved_quantity: 2 }),
        lot({ lot_id: "b", lot_number: "B", status: "quarantined", stocked_quantity: 5 }),
        lot({ lot_id: "c", lot_number: "C", stocked_quantity: 40, reserved_quantity: 3 }),
        lot({ lot_id: "d", lot_number: "D", status: "recalled", stocked_quantity: 4, reserved_quantity: 4 }),
        lot({ lot_id: "e", lot_number: "E", status: "recalled", stocked_quantity: 2 }),
      ],
      tracked,
      today,
      false
    )
    expect(hold).toEqual({
      quantity: 2 + 5 + 4,
      lots: [
        { lot_id: "e", lot_number: "E", reason: "recalled", quantity: 2 },
        { lot_id: "b", lot_number: "B", reason: "quarantined", quantity: 5 },
        { lot_id: "a", lot_number: "A", reason: "expired", quantity: 4 },
      ],
    })
    expect(holdDescription(hold)).toEqual("Held by lot tracking: 3 lots blocked (recalled, quarantined, expired)")
  })

  it("holds the units recalled by serial in an active lot, never more than its free units", () => {
    const hold = computeHold(
      [
        lot({ lot_id: "a", lot_number: "A", stocked_quantity: 10, reserved_quantity: 4, blocked_serials: 2 }),
        lot({ lot_id: "b", lot_number: "B", stocked_quantity: 3, reserved_quantity: 2, blocked_serials: 3 }),
        // A blocked lot holds all its free units whatever its serials.
        lot({ lot_id: "c", lot_number: "C", status: "quarantined", stocked_quantity: 5, blocked_serials: 1 }),
      ],
      tracked,
      today,
      false
    )
    expect(hold.lots).toEqual([
      { lot_id: "a", lot_number: "A", reason: "recalled", quantity: 2 },
      { lot_id: "b", lot_number: "B", reason: "recalled", quantity: 1 },
      { lot_id: "c", lot_number: "C", reason: "quarantined", quantity: 5 },
    ])
    expect(hold.quantity).toEqual(8)
  })

  it("holds nothing for an item that is not tracked, or when nothing is blocked", () => {
    const blocked = [lot({ status: "quarantined" })]
    expect(computeHold(blocked, { tracked: false, min_shelf_life_days: 0 }, today, true)).toEqual({ quantity: 0, lots: [] })
    expect(computeHold([lot({})], tracked, today, false)).toEqual({ quantity: 0, lots: [] })
  })

  it("says one lot in the singular and compares holds by what they say", () => {
    const one = computeHold([lot({ status: "quarantined" })], tracked, today, false)
    expect(holdDescription(one)).toEqual("Held by lot tracking: 1 lot blocked (quarantined)")
    expect(sameHold(one, { quantity: 10, lots: [{ lot_id: "lot_1", lot_number: "L-1", reason: "quarantined", quantity: 10 }] })).toBe(true)
    expect(sameHold(one, { quantity: 10, lots: [{ lot_id: "lot_1", lot_number: "L-1", reason: "recalled", quantity: 10 }] })).toBe(false)
    expect(sameHold(one, { quantity: 9, lots: one.lots })).toBe(false)
  })
})
