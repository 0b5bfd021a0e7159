import type { CandidateLot } from "../lot-choice"
import { planRecallReallocation, reallocationPairs, type RecalledReservation } from "../recall-reallocation"

const today = "2026-11-30"
const candidate = (lot_id: string, expires_at: string | null, available: number, status: CandidateLot["status"] = "active"): CandidateLot => ({
  lot_id,
  lot_number: lot_id.toUpperCase(),
  status,
  expires_at,
  received_at: "2026-01-01T00:00:00Z",
  available,
})
const reservation = (id: string, order_id: string, quantity: number, extra: Partial<RecalledReservation> = {}): RecalledReservation => ({
  id,
  order_id,
  line_item_id: `li_${order_id}`,
  inventory_item_id: "inv_1",
  location_id: "loc_1",
  quantity,
  ...extra,
})
const fefo = { strategy: "fefo" as const, min_shelf_life_days: 0 }

function plan(reserved: RecalledReservation[], candidates: Record<string, CandidateLot[]>, shortfalls: { line_item_id: string; inventory_item_id: string; quantity: number }[] = []) {
  return planRecallReallocation({
    reserved,
    reason: "lot recalled (RCL-2026-0001)",
    actor_id: "user_1",
    policies: new Map([
      ["inv_1", fefo],
      ["inv_2", fefo],
    ]),
    today,
    candidates: new Map(Object.entries(candidates)),
    shortfalls,
  })
}

describe("planRecallReallocation", () => {
  it("plans nothing when no reservation is on the recalled lots", () => {
    expect(plan([], {})).toEqual({ ops: [], reallocation: { lines: [], released_units: 0, reallocated_units: 0, shortfall_units: 0 } })
  })

  it("releases every reservation, then reserves the lines again on other lots, soonest-expiring first", () => {
    const { ops, reallocation } = plan([reservation("a_1", "o1", 3)], {
      "inv_1:loc_1": [candidate("far", "2028-01-01", 5), candidate("near", "2027-01-01", 2), candidate("q", "2026-12-30", 9, "quarantined")],
    })
    const line = { order_id: "o1", line_item_id: "li_o1", inventory_item_id: "inv_1", location_id: "loc_1" }
    expect(ops).toEqual([
      { kind: "release", allocation_id: "a_1", quantity: 3, reason: "lot recalled (RCL-2026-0001)", actor_id: "user_1" },
      { kind: "reserve", ...line, lot_id: "near", quantity: 2, source: "auto", actor_id: "user_1" },
      { kind: "reserve", ...line, lot_id: "far", quantity: 1, source: "auto", actor_id: "user_1" },
    ])
    expect(reallocation).toEqual({
      lines: [
        {
          ...line,
          released: 3,
          reallocated: [
            { lot_id: "near", lot_number: "NEAR", quantity: 2 },
            { lot_id: "far", lot_number: "FAR", quantity: 1 },
          ],
          shortfall: 0,
        },
      ],
      released_units: 3,
      reallocated_units: 3,
      shortfall_units: 0,
    })
  })

  it("serves lines in the order their reservations were made and never gives a free unit twice", () => {
    const { reallocation } = plan([reservation("a_1", "o1", 2), reservation("a_2", "o2", 2), reservation("a_3", "o1", 1)], {
      "inv_1:loc_1": [candidate("near", "2027-01-01", 4)],
    })
    expect(reallocation.lines.map((l) => [l.order_id, l.released, l.reallocated.map((r) => r.quantity), l.shortfall])).toEqual([
      ["o1", 3, [3], 0],
      ["o2", 2, [1], 1],
    ])
    expect(reallocation.shortfall_units).toBe(1)
  })

  it("adds the uncovered units to the shortfall the line already had", () => {
    const { ops } = plan([reservation("a_1", "o1", 3)], { "inv_1:loc_1": [candidate("near", "2027-01-01", 1)] }, [
      { line_item_id: "li_o1", inventory_item_id: "inv_1", quantity: 4 },
      { line_item_id: "li_o1", inventory_item_id: "inv_2", quantity: 7 },
    ])
    expect(ops.at(-1)).toEqual({ kind: "shortfall", order_id: "o1", line_item_id: "li_o1", inventory_item_id: "inv_1", location_id: "loc_1", quantity: 6 })
  })

  it("keeps items and locations apart, and a line reserved at two locations is one shortfall row", () => {
    const reserved = [
      reservation("a_1", "o1", 2),
      reservation("a_2", "o1", 1, { location_id: "loc_2" }),
      reservation("a_3", "o1", 1, { inventory_item_id: "inv_2" }),
    ]
    expect(reallocationPairs(reserved)).toEqual([
      { inventory_item_id: "inv_1", location_id: "loc_1" },
      { inventory_item_id: "inv_1", location_id: "loc_2" },
      { inventory_item_id: "inv_2", location_id: "loc_1" },
    ])
    const { ops, reallocation } = plan(reserved, { "inv_1:loc_1": [], "inv_1:loc_2": [], "inv_2:loc_1": [candidate("b", null, 5)] })
    expect(reallocation.lines.map((l) => [l.inventory_item_id, l.location_id, l.shortfall])).toEqual([
      ["inv_1", "loc_1", 2],
      ["inv_1", "loc_2", 1],
      ["inv_2", "loc_1", 0],
    ])
    expect(ops.filter((o) => o.kind === "shortfall")).toEqual([
      { kind: "shortfall", order_id: "o1", line_item_id: "li_o1", inventory_item_id: "inv_1", location_id: "loc_1", quantity: 3 },
    ])
  })
})
