import type { CandidateLot } from "../lot-choice"
import { planShortfallFill, type WaitingLine } from "../shortfall-fill"

const today = "2026-11-30"
const candidate = (lot_id: string, expires_at: string | null, available: number, status: CandidateLot["status"] = "active"): CandidateLot => ({
  lot_id,
  lot_number: lot_id.toUpperCase(),
  status,
  expires_at,
  received_at: "2026-01-01T00:00:00Z",
  available,
})
const line = (order_id: string, quantity: number, inventory_item_id = "inv_1", location_id = "loc_1"): WaitingLine => ({
  order_id,
  line_item_id: `li_${order_id}`,
  inventory_item_id,
  location_id,
  quantity,
})
const fefo = () => ({ strategy: "fefo" as const, min_shelf_life_days: 0 })

describe("planShortfallFill", () => {
  it("serves the lines in the order given (oldest order first) and never gives a unit twice", () => {
    const lots = [candidate("new", "2027-06-01", 4), candidate("soon", "2027-01-01", 1)]
    const fills = planShortfallFill([line("o1", 2), line("o2", 3), line("o3", 1)], () => lots, fefo, today)
    expect(fills.map((f) => [f.line.order_id, f.picks.map((p) => [p.lot_id, p.quantity]), f.remaining])).toEqual([
      ["o1", [["soon", 1], ["new", 1]], 0],
      ["o2", [["new", 3]], 0],
    ])
  })

  it("skips blocked and expired lots and leaves lines nothing can serve out", () => {
    const lots = [candidate("q", "2027-06-01", 5, "quarantined"), candidate("old", "2026-11-29", 5), candidate("ok", "2027-06-01", 1)]
    const fills = planShortfallFill([line("o1", 3), line("o2", 2)], () => lots, fefo, today)
    expect(fills).toEqual([{ line: line("o1", 3), picks: [{ lot_id: "ok", lot_number: "OK", quantity: 1 }], remaining: 2 }])
  })

  it("keeps items and locations apart", () => {
    const byPair: Record<string, CandidateLot[]> = { "inv_1:loc_1": [candidate("a", null, 1)], "inv_2:loc_1": [candidate("b", null, 5)] }
    const fills = planShortfallFill([line("o1", 2), line("o2", 2, "inv_2")], (i, l) => byPair[`${i}:${l}`] ?? [], fefo, today)
    expect(fills.map((f) => [f.line.order_id, f.picks.map((p) => p.lot_id), f.remaining])).toEqual([
      ["o1", ["a"], 1],
      ["o2", ["b"], 0],
    ])
  })
})
