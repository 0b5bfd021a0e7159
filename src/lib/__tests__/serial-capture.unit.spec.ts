import type { AllocationOp } from "../allocation-ops"
import { attachSerials, planSerialCapture, type SerialFact, type SerialPolicy } from "../serial-capture"

const serial = (serial_number: string, lot_id: string, extra: Partial<SerialFact> = {}): SerialFact => ({
  serial_number,
  inventory_item_id: "item",
  lot_id,
  location_id: "paris",
  status: "in_stock",
  blocked: false,
  line_item_id: null,
  ...extra,
})

const policies = (capture: SerialPolicy["serial_capture"] = "auto") =>
  new Map<string, SerialPolicy>([
    ["item", { tracked: true, serialized: true, serial_capture: capture }],
    ["plain", { tracked: true, serialized: false, serial_capture: "auto" }],
  ])

const items = [
  { line_item_id: "line", inventory_item_id: "item", quantity: 2 },
  { line_item_id: "other", inventory_item_id: "plain", quantity: 1 },
]

const capture = (over: Partial<Parameters<typeof planSerialCapture>[0]> = {}) =>
  planSerialCapture({ items, policies: policies(), named: [], found: [], reserved: [], location_id: "paris", ...over })

describe("serial capture", () => {
  it("turns named serials into the line's lots", () => {
    const result = capture({
      named: [{ line_item_id: "line", serial_numbers: ["B-1", "A-1"] }],
      found: [serial("A-1", "lot-a"), serial("B-1", "lot-b")],
    })
    expect(result.lots).toEqual([
      { line_item_id: "line", lot_id: "lot-b", quantity: 1 },
      { line_item_id: "line", lot_id: "lot-a", quantity: 1 },
    ])
    expect([...result.serials]).toEqual([
      ["line|lot-b", ["B-1"]],
      ["line|lot-a", ["A-1"]],
    ])
  })

  it("refuses serials that cannot ship, saying why", () => {
    const named = (...serial_numbers: string[]) => [{ line_item_id: "line", serial_numbers }]
    expect(() => capture({ named: named("A-1", "A-1") })).toThrow(/names A-1 more than once/)
    expect(() => capture({ named: [{ line_item_id: "gone", serial_numbers: ["A-1"] }] })).toThrow(/line item gone, which is not in this fulfillment/)
    expect(() => capture({ named: [{ line_item_id: "other", serial_numbers: ["A-1"] }] })).toThrow(/Line item other is not serialized/)
    expect(() => capture({ named: named("A-1", "X"), found: [serial("A-1", "lot-a")] })).toThrow(/X: not a serial of the item of line item line/)
    const refusal = (fact: SerialFact) => () => capture({ named: named("A-1", "A-2"), found: [serial("A-1", "lot-a"), fact] })
    expect(refusal(serial("A-2", "lot-a", { blocked: true }))).toThrow(/A-2 is blocked by a recall/)
    expect(refusal(serial("A-2", "lot-a", { status: "shipped" }))).toThrow(/A-2 is shipped/)
    expect(refusal(serial("A-2", "lot-a", { status: "written_off" }))).toThrow(/A-2 is written off/)
    expect(refusal(serial("A-2", "lot-a", { status: "reserved", line_item_id: "elsewhere" }))).toThrow(/reserved for another order line/)
    expect(refusal(serial("A-2", "lot-a", { location_id: "lyon" }))).toThrow(/at another stock location \(lyon\), not at paris/)
    expect(() => capture({ named: named("A-1"), found: [serial("A-1", "lot-a")] })).toThrow(/names 1 unit of inventory item item for line item line, but 2 are being fulfilled/)
    // Reserved for this very line is fine.
    expect(capture({ named: named("A-1", "A-2"), found: [serial("A-1", "lot-a"), serial("A-2", "lot-a", { status: "reserved", line_item_id: "line" })] }).lots).toEqual([
      { line_item_id: "line", lot_id: "lot-a", quantity: 2 },
    ])
  })

  it("takes the line's reserved serials, else leaves auto capture to the shipment, else refuses when capture is required", () => {
    const reserved = [serial("B-2", "lot-b", { status: "reserved", line_item_id: "line" }), serial("A-9", "lot-a", { status: "reserved", line_item_id: "line" })]
    expect(capture({ reserved }).lots).toEqual([
      { line_item_id: "line", lot_id: "lot-a", quantity: 1 },
      { line_item_id: "line", lot_id: "lot-b", quantity: 1 },
    ])
    expect(capture({ reserved: reserved.slice(0, 1) }).lots).toEqual([])
    expect(() => capture({ policies: policies("required"), reserved: reserved.slice(0, 1) })).toThrow(
      /Serial capture is required for inventory item item: name the serials of the 2 units of line item line/
    )
  })

  it("hands each fulfil operation its serials in order, and marks auto ones", () => {
    const op = (lot_id: string, quantity: number, inventory_item_id = "item"): AllocationOp => ({
      kind: "fulfill",
      order_id: "order",
      line_item_id: "line",
      inventory_item_id,
      lot_id,
      location_id: "paris",
      quantity,
      fulfillment_id: "ful",
    })
    const result = attachSerials(
      [op("lot-a", 1), op("lot-a", 2), op("lot-b", 1), op("lot-p", 1, "plain")],
      { lots: [], serials: new Map([["line|lot-a", ["A-1", "A-2", "A-3"]]]) },
      (id) => id === "item"
    )
    expect(result.map((o: any) => [o.lot_id, o.serialized, o.serial_numbers])).toEqual([
      ["lot-a", true, ["A-1"]],
      ["lot-a", true, ["A-2", "A-3"]],
      ["lot-b", true, null],
      ["lot-p", undefined, undefined],
    ])
  })
})
