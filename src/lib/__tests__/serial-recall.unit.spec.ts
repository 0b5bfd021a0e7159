import type { CandidateLot } from "../lot-choice"
import { serialRecallReleases, withoutBlocked } from "../serial-recall"

const lot = (lot_id: string, available: number): CandidateLot => ({
  lot_id,
  lot_number: lot_id.toUpperCase(),
  status: "active",
  expires_at: "2027-06-30",
  received_at: "2026-01-01",
  available,
})

const reservation = (id: string, lot_id: string, quantity: number, location_id = "paris") => ({
  id,
  lot_id,
  order_id: `order-${id}`,
  line_item_id: `line-${id}`,
  inventory_item_id: "item",
  location_id,
  quantity,
})

describe("recall by serial", () => {
  const candidates = new Map([["item:paris", [lot("a", 1), lot("b", 5)]]])

  it("gives back the latest reservations of a lot whose free units no longer cover its blocked units", () => {
    const releases = serialRecallReleases({
      blocked: new Map([["a:paris", 3]]),
      candidates,
      reservations: [reservation("old", "a", 4), reservation("new", "a", 1), reservation("other", "b", 2)],
    })
    // 3 blocked, 1 free: 2 units back, the newest reservation first.
    expect(releases.map((r) => [r.id, r.quantity])).toEqual([
      ["new", 1],
      ["old", 1],
    ])
  })

  it("gives back nothing while the free units cover the blocked ones", () => {
    expect(serialRecallReleases({ blocked: new Map([["b:paris", 5]]), candidates, reservations: [reservation("r", "b", 3)] })).toEqual([])
  })

  it("takes the blocked units out of the candidates, so they are never allocated", () => {
    expect(withoutBlocked(candidates, new Map([["b:paris", 2]])).get("item:paris")!.map((l) => [l.lot_id, l.available])).toEqual([
      ["a", 1],
      ["b", 3],
    ])
  })
})
