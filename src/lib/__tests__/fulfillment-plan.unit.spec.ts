import type { CandidateLot } from "../lot-choice"
import {
  checkNamedLines,
  planFulfillment,
  type FulfillmentLine,
  type FulfillmentLot,
  type FulfillmentPlanInput,
  type FulfillmentPolicy,
  type LineReservation,
} from "../fulfillment-plan"
import { PlanRefusal } from "../plan-refusal"

const today = "2026-11-30"
const lot = (id: string, expires_at: string | null, status: FulfillmentLot["status"] = "active", inventory_item_id = "inv_1"): FulfillmentLot => ({
  id,
  inventory_item_id,
  lot_number: id.toUpperCase(),
  status,
  expires_at,
  received_at: "2026-01-01T00:00:00Z",
})
const reservation = (id: string, l: FulfillmentLot, quantity: number, location_id = "loc_1"): LineReservation => ({ id, location_id, quantity, lot: l })
const candidate = (lot_id: string, expires_at: string | null, available: number): CandidateLot => ({
  lot_id,
  lot_number: lot_id.toUpperCase(),
  status: "active",
  expires_at,
  received_at: "2026-01-01T00:00:00Z",
  available,
})
const line = (quantity: number, reserved: LineReservation[] = [], extra: Partial<FulfillmentLine> = {}): FulfillmentLine => ({
  line_item_id: "li_1",
  inventory_item_id: "inv_1",
  quantity,
  reserved,
  shortfall: null,
  ...extra,
})
const tracked = (strategy: "fefo" | "fifo" = "fefo", min_shelf_life_days = 0): FulfillmentPolicy => ({ tracked: true, strategy, min_shelf_life_days })

function input(lines: FulfillmentLine[], extra: Partial<FulfillmentPlanInput> = {}): FulfillmentPlanInput {
  return {
    order_id: "order_1",
    fulfillment_id: "ful_1",
    actor_id: "user_1",
    location_id: "loc_1",
    items: lines.map((l) => ({ line_item_id: l.line_item_id, inventory_item_id: l.inventory_item_id, quantity: l.quantity })),
    lines,
    named: [],
    named_lots: [],
    policies: new Map([["inv_1", tracked()]]),
    today,
    candidates: new Map(),
    ...extra,
  }
}

const plan = (i: FulfillmentPlanInput) => {
  const p = planFulfillment(i)
  if ("needs_candidates" in p) {
    throw new Error(`needs candidates of ${JSON.stringify(p.needs_candidates)}`)
  }
  return p
}
/** [kind, allocation or lot, quantity] of each op, for short expectations. */
const brief = (ops: ReturnType<typeof plan>["ops"]) =>
  ops.map((o) => {
    switch (o.kind) {
      case "fulfill":
        return ["fulfill", o.allocation_id ?? `fresh:${o.lot_id}`, o.quantity]
      case "release":
        return ["release", o.allocation_id, o.quantity]
      case "shortfall":
        return ["shortfall", o.location_id, o.quantity]
      default:
        return [o.kind]
    }
  })

function refusal(fn: () => unknown): PlanRefusal {
  try {
    fn()
  } catch (e) {
    if (e instanceof PlanRefusal) {
      return e
    }
    throw e
  }
  throw new Error("expected a refusal")
}

describe("planFulfillment", () => {
  const soon = lot("soon", "2027-01-01")
  const later = lot("later", "2027-06-01")

  it("ships from the line's reservations soonest-expiring first (FEFO), keeping the later lot reserved", () => {
    // Reserved in the order later, soon: picking order, not reservation order, decides.
    const p = plan(input([line(3, [reservation("a_later", later, 2), reservation("a_soon", soon, 2)])]))
    expect(brief(p.ops)).toEqual([
      ["fulfill", "a_soon", 2],
      ["fulfill", "a_later", 1],
    ])
    expect(p.ops[0]).toEqual({
      kind: "fulfill",
      order_id: "order_1",
      line_item_id: "li_1",
      inventory_item_id: "inv_1",
      allocation_id: "a_soon",
      lot_id: "soon",
      location_id: "loc_1",
      quantity: 2,
      fulfillment_id: "ful_1",
      actor_id: "user_1",
    })
    expect(p.holds).toEqual([{ inventory_item_id: "inv_1", location_id: "loc_1" }])
  })

  it("follows FIFO (oldest received first) when the item's strategy says so", () => {
    const old = { ...lot("old", "2028-01-01"), received_at: "2025-01-01T00:00:00Z" }
    const p = plan(
      input([line(1, [reservation("a_soon", soon, 1), reservation("a_old", old, 1)])], { policies: new Map([["inv_1", tracked("fifo")]]) })
    )
    expect(brief(p.ops)).toEqual([["fulfill", "a_old", 1]])
  })

  it("asks for the candidate lots of the pair it lacks, then takes fresh units by strategy", () => {
    const i = input([line(3, [reservation("a_soon", soon, 1)])])
    expect(planFulfillment(i)).toEqual({ needs_candidates: { inventory_item_id: "inv_1", location_id: "loc_1" } })
    i.candidates.set("inv_1:loc_1", [candidate("far", "2028-01-01", 5), candidate("near", "2027-03-01", 1)])
    expect(brief(plan(i).ops)).toEqual([
      ["fulfill", "a_soon", 1],
      ["fulfill", "fresh:near", 1],
      ["fulfill", "fresh:far", 1],
    ])
  })

  it("refuses a line lots cannot cover, saying what is missing", () => {
    const i = input([line(4)], { candidates: new Map([["inv_1:loc_1", [candidate("near", "2027-03-01", 1)]]]) })
    const r = refusal(() => planFulfillment(i))
    expect(r.type).toBe("invalid_data")
    expect(r.message).toBe(
      "Cannot fulfill line item li_1: 4 units of inventory item inv_1 must ship with a lot, but eligible lots at location loc_1 cover only 1. Receive the stock into a lot, release a quarantined lot, or name lots in additional_data.lots."
    )
  })

  it("lets fresh units cover the line's shortfall first, and releases reservations only for the rest", () => {
    const i = input([line(3, [reservation("a_q", lot("q", "2027-01-01", "quarantined"), 2)], { shortfall: { location_id: "loc_1", quantity: 1 } })], {
      candidates: new Map([["inv_1:loc_1", [candidate("ok", "2027-05-01", 5)]]]),
    })
    expect(brief(plan(i).ops)).toEqual([
      ["fulfill", "fresh:ok", 3],
      ["shortfall", "loc_1", 0],
      ["release", "a_q", 2],
    ])
  })

  it("releases unusable reservations first, then the latest-expiring, so FEFO holds for what is left", () => {
    const elsewhere = reservation("a_elsewhere", lot("e", "2027-02-01"), 1, "loc_2")
    const i = input([line(2, [reservation("a_soon", soon, 1), reservation("a_later", later, 1), elsewhere])], {
      named: [{ line_item_id: "li_1", lot_id: "n", quantity: 2 }],
      named_lots: [lot("n", "2027-09-01")],
    })
    expect(brief(plan(i).ops)).toEqual([
      ["fulfill", "fresh:n", 2],
      ["release", "a_elsewhere", 1],
      ["release", "a_later", 1],
    ])
    expect(plan(i).holds).toEqual([
      { inventory_item_id: "inv_1", location_id: "loc_1" },
      { inventory_item_id: "inv_1", location_id: "loc_2" },
    ])
  })

  it("uses a named lot's own reservation before its available units", () => {
    const i = input([line(3, [reservation("a_soon", soon, 2)])], { named: [{ line_item_id: "li_1", lot_id: "soon", quantity: 3 }], named_lots: [soon] })
    expect(brief(plan(i).ops)).toEqual([
      ["fulfill", "a_soon", 2],
      ["fulfill", "fresh:soon", 1],
    ])
  })

  it("ships where the line was reserved when the request named no location", () => {
    const i = input([line(1, [reservation("a_soon", soon, 1, "loc_2")])], { location_given: false })
    const p = plan(i)
    expect(p.ops[0]).toMatchObject({ kind: "fulfill", allocation_id: "a_soon", location_id: "loc_2" })
    expect(p.holds).toEqual([{ inventory_item_id: "inv_1", location_id: "loc_2" }])
  })

  it("plans each part of a kit line on its own item", () => {
    const a = line(2, [reservation("a_1", soon, 2)])
    const b = line(4, [reservation("b_1", lot("b", null, "active", "inv_2"), 4)], { inventory_item_id: "inv_2" })
    const p = plan(input([a, b], { policies: new Map([["inv_1", tracked()], ["inv_2", tracked()]]) }))
    expect(p.ops.map((o) => o.kind === "fulfill" && [o.inventory_item_id, o.allocation_id, o.quantity])).toEqual([
      ["inv_1", "a_1", 2],
      ["inv_2", "b_1", 4],
    ])
  })

  describe("refuses named lots", () => {
    it("that do not add up to the units fulfilled", () => {
      const i = input([line(3)], { named: [{ line_item_id: "li_1", lot_id: "soon", quantity: 2 }], named_lots: [soon] })
      expect(refusal(() => planFulfillment(i))).toMatchObject({
        type: "invalid_data",
        message: "additional_data.lots for line item li_1 add up to 2 units, but 3 are being fulfilled",
      })
    })

    it.each([
      [lot("x", "2027-01-01", "quarantined"), "Lot X is quarantined and cannot be shipped"],
      [lot("x", "2027-01-01", "recalled"), "Lot X is recalled and cannot be shipped"],
      [lot("x", "2026-11-29"), "Lot X is expired and cannot be shipped"],
    ])("that may not ship (%#)", (named, message) => {
      const i = input([line(1)], { named: [{ line_item_id: "li_1", lot_id: "x", quantity: 1 }], named_lots: [named] })
      expect(refusal(() => planFulfillment(i))).toMatchObject({ type: "not_allowed", message })
    })

    it("but ships one below the item's minimum shelf life when staff name it", () => {
      const short = lot("short", "2026-12-05")
      const i = input([line(1)], {
        named: [{ line_item_id: "li_1", lot_id: "short", quantity: 1 }],
        named_lots: [short],
        policies: new Map([["inv_1", tracked("fefo", 30)]]),
      })
      expect(brief(plan(i).ops)).toEqual([["fulfill", "fresh:short", 1]])
    })

    it("that do not exist", () => {
      const i = input([line(1)], { named: [{ line_item_id: "li_1", lot_id: "nope", quantity: 1 }] })
      expect(refusal(() => planFulfillment(i))).toMatchObject({ type: "invalid_data", message: "Lot nope was not found" })
    })

    it("of another item, naming the parts of a kit", () => {
      const other = lot("other", null, "active", "inv_9")
      const named = [{ line_item_id: "li_1", lot_id: "other", quantity: 1 }]
      expect(refusal(() => planFulfillment(input([line(1)], { named, named_lots: [other] }))).message).toBe(
        "Lot OTHER belongs to another inventory item than line item li_1"
      )
      const kit = input([line(1), line(1, [], { inventory_item_id: "inv_2" })], { named, named_lots: [other] })
      expect(refusal(() => planFulfillment(kit)).message).toBe("Lot OTHER belongs to another inventory item than line item li_1 (none of its parts)")
    })

    it("of a kit part that is not tracked", () => {
      const part = lot("p", null, "active", "inv_2")
      const i = input([line(1)], { named: [{ line_item_id: "li_1", lot_id: "p", quantity: 1 }], named_lots: [part] })
      i.items.push({ line_item_id: "li_1", inventory_item_id: "inv_2", quantity: 1 })
      expect(refusal(() => planFulfillment(i)).message).toBe(
        "Line item li_1 is not tracked by lot (inventory item inv_2); remove it from additional_data.lots"
      )
    })
  })
})

describe("checkNamedLines", () => {
  const items = [
    { line_item_id: "li_1", inventory_item_id: "inv_1", quantity: 1 },
    { line_item_id: "li_2", inventory_item_id: "inv_2", quantity: 1 },
  ]
  it("refuses a line that is not in the fulfilment, then an untracked line", () => {
    expect(refusal(() => checkNamedLines(items, [items[0]], [{ line_item_id: "li_9", lot_id: "l", quantity: 1 }])).message).toBe(
      "additional_data.lots names line item li_9, which is not in this fulfillment"
    )
    expect(refusal(() => checkNamedLines(items, [items[0]], [{ line_item_id: "li_2", lot_id: "l", quantity: 1 }])).message).toBe(
      "Line item li_2 is not tracked by lot; remove it from additional_data.lots"
    )
    expect(() => checkNamedLines(items, items, [{ line_item_id: "li_2", lot_id: "l", quantity: 1 }])).not.toThrow()
  })
})
