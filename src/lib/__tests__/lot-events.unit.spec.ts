import {
  ALL_LOT_EVENTS,
  allocatedEvent,
  binsOfMoves,
  LotEvents,
  LotExpiryEvents,
  orderLotLines,
  putAwayEvents,
  RecallEvents,
  returnedLines,
  stockEvents,
  transferEvents,
  type LotRefs,
} from "../lot-events"

const ctx = { actor_id: "user_1", occurred_at: "2026-12-01T10:00:00.000Z" }
const refs: LotRefs = {
  lot_1: { lot_id: "lot_1", lot_number: "L-1", supplier_lot_code: "SUP-9", inventory_item_id: "iitem_1", sku: "SHAMPOO" },
}

describe("event names", () => {
  it("names every event of the catalogue once, the expiry watch's included", () => {
    expect(new Set(ALL_LOT_EVENTS).size).toBe(ALL_LOT_EVENTS.length)
    expect(ALL_LOT_EVENTS).toEqual(
      expect.arrayContaining([
        "lot.created",
        "lot.received",
        "lot.adjusted",
        "lot.transferred",
        "lot.written_off",
        "lot.status_changed",
        "lot.allocated",
        "lot.shipped",
        "lot.returned",
        "lot.opening_balance",
        "lot.put_away",
        "recall.opened",
        "recall.closed",
        "lot-import.completed",
      ])
    )
    expect(LotExpiryEvents).toEqual({ EXPIRING: LotEvents.EXPIRING, EXPIRED: LotEvents.EXPIRED })
    expect(RecallEvents.OPENED).toBe("recall.opened")
  })
})

describe("stockEvents", () => {
  const movements = [
    { id: "mv_1", lot_id: "lot_1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: -3, type: "written_off", reason: "damaged", actor_id: null },
    { id: "mv_2", lot_id: "lot_1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 0, type: "put_away", metadata: { from_bin: "A1", to_bin: "B2" } },
    { id: "mv_3", lot_id: "lot_1", inventory_item_id: "iitem_1", location_id: null, quantity: 0, type: "written_off" },
  ]

  it("makes one event per ledger line of the type, with the lot's names, positive units when asked", () => {
    expect(stockEvents(movements, refs, ctx, { type: "written_off", abs: true })).toEqual([
      {
        ...refs.lot_1,
        ...ctx,
        movement_id: "mv_1",
        location_id: "sloc_1",
        quantity: 3,
        reason: "damaged",
        reference_type: null,
        reference_id: null,
      },
    ])
  })

  it("carries a count's figures and a receipt's bin", () => {
    const [count] = stockEvents(
      [{ id: "mv_4", lot_id: "lot_1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: -2, type: "adjusted", metadata: { counted: 8, previous: 10 } }],
      refs,
      ctx,
      { type: "adjusted" }
    )
    expect(count).toEqual(expect.objectContaining({ quantity: -2, counted: 8, previous: 10, actor_id: "user_1" }))
    const [receipt] = stockEvents(
      [{ id: "mv_5", lot_id: "lot_1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 4, type: "received" }],
      refs,
      ctx,
      { type: "received", bins: binsOfMoves([{ lot_id: "lot_1", location_id: "sloc_1", bin: "A1" }]) }
    )
    expect(receipt.bin).toBe("A1")
  })

  it("names an unknown lot by its id", () => {
    const [e] = stockEvents([{ id: "mv_6", lot_id: "lot_x", inventory_item_id: "iitem_2", location_id: "sloc_1", quantity: 1, type: "received" }], refs, ctx)
    expect(e).toEqual(expect.objectContaining({ lot_id: "lot_x", lot_number: "", inventory_item_id: "iitem_2", sku: null }))
  })

  it("puts bin changes in put-away events", () => {
    expect(putAwayEvents(movements, refs, ctx)).toEqual([
      { ...refs.lot_1, ...ctx, movement_id: "mv_2", location_id: "sloc_1", from_bin: "A1", to_bin: "B2" },
    ])
  })
})

describe("transferEvents", () => {
  it("makes one event from the two ledger lines", () => {
    const moves = [
      { id: "mv_o", lot_id: "lot_1", inventory_item_id: "iitem_1", location_id: "sloc_a", quantity: -4, type: "transferred_out" },
      { id: "mv_i", lot_id: "lot_1", inventory_item_id: "iitem_1", location_id: "sloc_b", quantity: 4, type: "transferred_in" },
    ]
    expect(transferEvents(moves, refs, ctx)).toEqual([
      { ...refs.lot_1, ...ctx, from_location_id: "sloc_a", to_location_id: "sloc_b", quantity: 4, movement_ids: ["mv_o", "mv_i"] },
    ])
    expect(transferEvents([], refs, ctx)).toEqual([])
  })
})

describe("order events", () => {
  const ops = [
    { kind: "reserve", lot_id: "lot_1", line_item_id: "li_1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 2 },
    { kind: "reserve", lot_id: "lot_1", line_item_id: "li_1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 1 },
    { kind: "release", allocation_id: "la_1", quantity: 1 },
    { kind: "shortfall", line_item_id: "li_2", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 5 },
    { kind: "fulfill", lot_id: "lot_1", line_item_id: "li_1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 3 },
  ]

  it("sums units per line, lot and location of the kind asked", () => {
    expect(orderLotLines(ops, "reserve", { lot_1: "L-1" })).toEqual([
      { line_item_id: "li_1", lot_id: "lot_1", lot_number: "L-1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 3 },
    ])
    expect(orderLotLines(ops, "fulfill")).toEqual([expect.objectContaining({ quantity: 3, lot_number: null })])
  })

  it("emits one allocation event with every line, or none when nothing was reserved", () => {
    const lines = orderLotLines(ops, "reserve")
    expect(allocatedEvent("order_1", lines, ctx)).toEqual([{ ...ctx, order_id: "order_1", lines }])
    expect(allocatedEvent("order_1", [], ctx)).toEqual([])
    expect(allocatedEvent("order_1", undefined, ctx)).toEqual([])
  })

  it("names returned units by the lot of their allocation, or the awaiting lot", () => {
    const lines = returnedLines(
      [
        { kind: "return_receive", allocation_id: "la_1", quantity: 2, location_id: "sloc_1", damaged: false },
        { kind: "return_receive", allocation_id: "la_1", quantity: 1, location_id: "sloc_1", damaged: true },
        { kind: "return_awaiting_lot", lot_id: "lot_wait", inventory_item_id: "iitem_1", quantity: 1, location_id: "sloc_1" },
        { kind: "release", allocation_id: "la_1", quantity: 1 },
      ],
      { la_1: { lot_id: "lot_1", inventory_item_id: "iitem_1" } },
      refs
    )
    expect(lines).toEqual([
      { lot_id: "lot_1", lot_number: "L-1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 2, damaged: false },
      { lot_id: "lot_1", lot_number: "L-1", inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 1, damaged: true },
      { lot_id: "lot_wait", lot_number: null, inventory_item_id: "iitem_1", location_id: "sloc_1", quantity: 1, damaged: false },
    ])
  })
})
