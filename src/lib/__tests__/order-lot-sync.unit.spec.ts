import type { CandidateLot } from "../lot-choice"
import { orderSyncOps, planOrderLotSync, type HeldAllocation, type HeldShortfall, type WantedUnits } from "../order-lot-sync"

const today = "2026-11-30"
const lot = (lot_id: string, expires_at: string | null, status: CandidateLot["status"] = "active") => ({
  lot_id,
  lot_number: lot_id.toUpperCase(),
  status,
  expires_at,
  received_at: "2026-01-01T00:00:00Z",
})
const candidate = (lot_id: string, expires_at: string | null, available: number): CandidateLot => ({ ...lot(lot_id, expires_at), available })
const want = (quantity: number, line = "li_1", location = "loc_1", item = "inv_1"): WantedUnits => ({
  line_item_id: line,
  inventory_item_id: item,
  location_id: location,
  quantity,
})
const held = (id: string, quantity: number, l = lot("a", "2027-01-01"), line = "li_1", location = "loc_1"): HeldAllocation => ({
  id,
  line_item_id: line,
  inventory_item_id: "inv_1",
  location_id: location,
  quantity,
  lot: l,
})
const plan = (wanted: WantedUnits[], allocations: HeldAllocation[], shortfalls: HeldShortfall[] = [], candidates: CandidateLot[] = []) =>
  planOrderLotSync({
    wanted,
    allocations,
    shortfalls,
    candidatesFor: () => candidates,
    policyFor: () => ({ strategy: "fefo", min_shelf_life_days: 0 }),
    today,
  })

describe("planOrderLotSync", () => {
  it("plans nothing when the lots already follow the reservations (idempotent)", () => {
    expect(plan([want(5)], [held("a1", 3), held("b1", 2, lot("b", "2027-06-01"))])).toEqual([])
    expect(plan([want(5)], [held("a1", 3)], [{ line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", quantity: 2 }])).toEqual([])
  })

  it("allocates a new line or a quantity increase by strategy, the rest as a shortfall", () => {
    const ops = plan([want(6)], [held("a1", 2)], [], [candidate("late", "2028-01-01", 10), candidate("soon", "2027-02-01", 3)])
    expect(ops).toEqual([
      { kind: "reserve", line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", lot_id: "soon", quantity: 3 },
      { kind: "reserve", line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", lot_id: "late", quantity: 1 },
    ])
    expect(plan([want(4)], [], [], [candidate("x", null, 1)])).toEqual([
      { kind: "reserve", line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", lot_id: "x", quantity: 1 },
      { kind: "shortfall", line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", quantity: 3 },
    ])
  })

  it("on a quantity decrease drops the shortfall first, then blocked lots, then the latest-expiring", () => {
    const soon = held("s1", 2, lot("soon", "2027-01-01"))
    const late = held("l1", 3, lot("late", "2028-01-01"))
    const quarantined = held("q1", 1, lot("q", "2027-03-01", "quarantined"))
    const short: HeldShortfall = { line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", quantity: 1 }
    expect(plan([want(3)], [soon, late, quarantined], [short])).toEqual([
      { kind: "release", allocation_id: "q1", quantity: 1 },
      { kind: "release", allocation_id: "l1", quantity: 2 },
      { kind: "shortfall", line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", quantity: 0 },
    ])
  })

  it("releases everything of a line whose reservation is gone, and follows a reservation that moved", () => {
    expect(plan([], [held("a1", 2), held("b1", 1, lot("b", null))], [{ line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", quantity: 4 }])).toEqual([
      { kind: "release", allocation_id: "b1", quantity: 1 },
      { kind: "release", allocation_id: "a1", quantity: 2 },
      { kind: "shortfall", line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", quantity: 0 },
    ])
    expect(plan([want(2, "li_1", "loc_2")], [held("a1", 2)], [], [candidate("n", "2027-01-01", 5)])).toEqual([
      { kind: "release", allocation_id: "a1", quantity: 2 },
      { kind: "reserve", line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_2", lot_id: "n", quantity: 2 },
    ])
  })

  it("never gives one free unit to two lines", () => {
    const ops = plan([want(2, "li_1"), want(2, "li_2")], [], [], [candidate("only", null, 3)])
    expect(ops).toEqual([
      { kind: "reserve", line_item_id: "li_1", inventory_item_id: "inv_1", location_id: "loc_1", lot_id: "only", quantity: 2 },
      { kind: "reserve", line_item_id: "li_2", inventory_item_id: "inv_1", location_id: "loc_1", lot_id: "only", quantity: 1 },
      { kind: "shortfall", line_item_id: "li_2", inventory_item_id: "inv_1", location_id: "loc_1", quantity: 1 },
    ])
  })
})

describe("orderSyncOps", () => {
  const planned = [
    { kind: "release" as const, allocation_id: "alloc_1", quantity: 2 },
    { kind: "reserve" as const, line_item_id: "li_1", inventory_item_id: "iitem_1", location_id: "sloc_1", lot_id: "lot_1", quantity: 3 },
    { kind: "shortfall" as const, line_item_id: "li_1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 1 },
  ]

  it("makes the order's operations, with the reasons given, and counts the units", () => {
    expect(orderSyncOps(planned, "order_1", { actor_id: "user_1", release_reason: "reconcile", reserve_reason: "reconcile" })).toEqual({
      ops: [
        { kind: "release", allocation_id: "alloc_1", quantity: 2, reason: "reconcile", actor_id: "user_1" },
        { ...planned[1], order_id: "order_1", reason: "reconcile", actor_id: "user_1" },
        { ...planned[2], order_id: "order_1" },
      ],
      reserved_units: 3,
      released_units: 2,
    })
  })

  it("puts no reason on an order's own reservations", () => {
    const { ops } = orderSyncOps(planned, "order_1", { release_reason: "follows Medusa's reservation" })
    expect(ops[1]).toEqual({ ...planned[1], order_id: "order_1", actor_id: undefined })
    expect("reason" in ops[1]).toBe(false)
  })
})
