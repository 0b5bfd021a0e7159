import { returnLedger, type ReturnMovement, type ShippedLot } from "../return-lots"
import { planReturnRestock, type RestockReceipt, type ReturnRestockInput } from "../return-restock"

const shipped = (allocation_id: string, lot_id: string, quantity: number, returned_quantity = 0, lot_status: ShippedLot["lot_status"] = "active"): ShippedLot => ({
  allocation_id,
  lot_id,
  lot_number: lot_id.toUpperCase(),
  lot_status,
  quantity,
  returned_quantity,
})
const receipt = (order_change_id: string, units: Record<string, [number, number]>, named: RestockReceipt["named"] = []): RestockReceipt => ({
  order_change_id,
  units: new Map(Object.entries(units).map(([line, [normal, damaged]]) => [line, { normal, damaged }])),
  named,
})

function input(extra: Partial<ReturnRestockInput>): ReturnRestockInput {
  return {
    return_id: "ret_1",
    order_id: "order_1",
    location_id: "loc_1",
    actor_id: null,
    receipts: [],
    items_of: new Map([["li_1", [{ inventory_item_id: "inv_1", required_quantity: 1 }]]]),
    shipped: new Map(),
    ledger: returnLedger([]),
    awaiting_lots: new Map(),
    ...extra,
  }
}

const plan = (i: ReturnRestockInput) => {
  const p = planReturnRestock(i)
  if ("needs_awaiting_lot" in p) {
    throw new Error(`needs the awaiting lot of ${p.needs_awaiting_lot}`)
  }
  return p
}
const brief = (p: ReturnType<typeof plan>) =>
  p.ops.map((o) => {
    if (o.kind === "return_receive") {
      return [o.allocation_id, o.quantity, o.damaged ? "damaged" : "restock", o.metadata?.order_change_id]
    }
    if (o.kind === "return_awaiting_lot") {
      return [`awaiting:${o.lot_id}`, o.quantity, o.damaged ? "damaged" : "restock", o.metadata?.reason]
    }
    return [o.kind]
  })

describe("planReturnRestock", () => {
  it("puts a receipt's units back into the lots the line shipped from, restocked and damaged, as return_receive ops", () => {
    const p = plan(
      input({
        receipts: [receipt("ch_1", { li_1: [2, 1] })],
        shipped: new Map([["li_1:inv_1", [shipped("a1", "first", 2), shipped("a2", "second", 3)]]]),
        actor_id: "user_1",
      })
    )
    expect(p.ops[0]).toEqual({
      kind: "return_receive",
      allocation_id: "a1",
      quantity: 2,
      damaged: false,
      location_id: "loc_1",
      return_id: "ret_1",
      actor_id: "user_1",
      metadata: { order_change_id: "ch_1", order_id: "order_1", named: false },
    })
    expect(brief(p)).toEqual([
      ["a1", 2, "restock", "ch_1"],
      ["a2", 1, "damaged", "ch_1"],
    ])
    expect(p.awaiting_units).toBe(0)
  })

  it("lets later receipts see the units earlier ones put back, and leaves the rows it was given alone", () => {
    const rows = [shipped("a1", "first", 2), shipped("a2", "second", 3)]
    const p = plan(
      input({
        receipts: [receipt("ch_1", { li_1: [2, 0] }), receipt("ch_2", { li_1: [2, 0] })],
        shipped: new Map([["li_1:inv_1", rows]]),
      })
    )
    expect(brief(p)).toEqual([
      ["a1", 2, "restock", "ch_1"],
      ["a2", 2, "restock", "ch_2"],
    ])
    expect(rows[0].returned_quantity).toBe(0)
  })

  it("places each unit once: what the ledger says a receipt placed, and units restocked before receipts were told apart", () => {
    const movements: ReturnMovement[] = [
      { lot_id: "first", inventory_item_id: "inv_1", location_id: "loc_1", type: "returned", quantity: 1, metadata: { line_item_id: "li_1", order_change_id: "ch_1" } },
      { lot_id: "first", inventory_item_id: "inv_1", location_id: "loc_1", type: "returned", quantity: 2, metadata: { line_item_id: "li_1" } },
    ]
    const p = plan(
      input({
        receipts: [receipt("ch_1", { li_1: [2, 0] }), receipt("ch_2", { li_1: [3, 0] })],
        shipped: new Map([["li_1:inv_1", [shipped("a1", "first", 5, 3)]]]),
        ledger: returnLedger(movements),
      })
    )
    // ch_1: 2 - 1 placed - 1 legacy = 0; ch_2: 3 - 1 legacy left = 2.
    expect(brief(p)).toEqual([["a1", 2, "restock", "ch_2"]])
  })

  it("multiplies line units by the kit's required quantity, per inventory item", () => {
    const p = plan(
      input({
        receipts: [receipt("ch_1", { li_1: [2, 0] })],
        items_of: new Map([
          [
            "li_1",
            [
              { inventory_item_id: "inv_1", required_quantity: 2 },
              { inventory_item_id: "inv_2", required_quantity: 1 },
            ],
          ],
        ]),
        shipped: new Map([
          ["li_1:inv_1", [shipped("a1", "a", 4)]],
          ["li_1:inv_2", [shipped("b1", "b", 2)]],
        ]),
      })
    )
    expect(brief(p)).toEqual([
      ["a1", 4, "restock", "ch_1"],
      ["b1", 2, "restock", "ch_1"],
    ])
  })

  it("asks for the item's awaiting lot when units are ambiguous, then puts them there with the candidate lots", () => {
    const i = input({
      receipts: [receipt("ch_1", { li_1: [1, 0] })],
      shipped: new Map([["li_1:inv_1", [shipped("a1", "ok", 1), shipped("a2", "bad", 1, 0, "recalled")]]]),
    })
    expect(planReturnRestock(i)).toEqual({ needs_awaiting_lot: "inv_1" })
    i.awaiting_lots.set("inv_1", "lot_await")
    const p = plan(i)
    expect(p.ops).toEqual([
      {
        kind: "return_awaiting_lot",
        lot_id: "lot_await",
        order_id: "order_1",
        line_item_id: "li_1",
        inventory_item_id: "inv_1",
        quantity: 1,
        damaged: false,
        location_id: "loc_1",
        return_id: "ret_1",
        actor_id: null,
        metadata: { order_change_id: "ch_1", order_id: "order_1", reason: "ambiguous", candidate_lots: ["OK", "BAD"] },
      },
    ])
    expect(p.awaiting_units).toBe(1)
  })

  it("uses the lots named for the receipt first and reports named units it could not use", () => {
    const named = [
      { line_item_id: "li_1", inventory_item_id: "inv_1", lot_id: "second", lot_number: "SECOND", quantity: 3, damaged: false },
    ]
    const p = plan(
      input({
        receipts: [receipt("ch_1", { li_1: [2, 0] }, named)],
        shipped: new Map([["li_1:inv_1", [shipped("a1", "first", 2), shipped("a2", "second", 3)]]]),
      })
    )
    expect(brief(p)).toEqual([["a2", 2, "restock", "ch_1"]])
    expect(p.ops[0]).toMatchObject({ metadata: { named: true } })
    expect(p.unused_named).toEqual(["1 of lot SECOND for line item li_1"])
  })

  it("skips lines whose items are not tracked and lines not in the return", () => {
    const p = plan(input({ receipts: [receipt("ch_1", { li_1: [1, 0], li_9: [1, 0] })], items_of: new Map([["li_1", []]]) }))
    expect(p.ops).toEqual([])
  })
})
