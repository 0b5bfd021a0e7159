import { PlanRefusal } from "../plan-refusal"
import {
  checkReceiptLotNames,
  groupReturnLotEntries,
  planReturnLotConfirmation,
  returnLineLabel,
  type ReturnLotGroup,
  type ReturnLotLine,
} from "../return-lot-confirmation"
import { AWAITING_LOT_MARKER, type ShippedLot } from "../return-lots"

const shipped = (allocation_id: string, lot_id: string, quantity: number, returned_quantity = 0): ShippedLot => ({
  allocation_id,
  lot_id,
  lot_number: lot_id.toUpperCase(),
  lot_status: "active",
  quantity,
  returned_quantity,
})
const shampoo: ReturnLotLine = {
  line_item_id: "li_1",
  title: "Shampoo",
  sku: "SHAMPOO",
  items: [{ inventory_item_id: "inv_1", required_quantity: 1 }],
  manage_inventory: true,
}
const kit: ReturnLotLine = {
  line_item_id: "li_kit",
  title: "Gift set",
  sku: null,
  items: [
    { inventory_item_id: "inv_1", required_quantity: 2 },
    { inventory_item_id: "inv_2", required_quantity: 1 },
  ],
  manage_inventory: true,
}
const group = (line_item_id: string, inventory_item_id: string, lot_id: string, quantity: number, damaged = false, required_quantity = 1): ReturnLotGroup => ({
  line_item_id,
  inventory_item_id,
  required_quantity,
  entries: [{ line_item_id, inventory_item_id, lot_id, lot_number: lot_id.toUpperCase(), quantity, damaged }],
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

describe("returnLineLabel", () => {
  it("names the line with its title, and the item for a kit", () => {
    expect(returnLineLabel([shampoo, kit], "li_1", "inv_1")).toBe('line item li_1 "Shampoo"')
    expect(returnLineLabel([shampoo, kit], "li_kit", "inv_2")).toBe('line item li_kit "Gift set" (inventory item inv_2)')
    expect(returnLineLabel([], "li_9", "inv_1")).toBe("line item li_9")
  })
})

describe("groupReturnLotEntries", () => {
  const lots = [
    { id: "a", lot_number: "A", inventory_item_id: "inv_1" },
    { id: "b", lot_number: "B", inventory_item_id: "inv_2" },
    { id: "x", lot_number: "X", inventory_item_id: "inv_9" },
    { id: "wait", lot_number: "AWAITING-LOT-CONFIRMATION", inventory_item_id: "inv_1", metadata: { lot_tracking: AWAITING_LOT_MARKER } },
  ]
  const base = { return_id: "ret_1", lines: [shampoo, kit], lots, tracked: () => true, shipped_items: new Map<string, Set<string>>() }

  it("groups entries per line and item, with the kit's units per line unit", () => {
    const groups = groupReturnLotEntries({
      ...base,
      entries: [
        { line_item_id: "li_kit", lot_id: "a", quantity: 2 },
        { line_item_id: "li_kit", lot_id: "b", quantity: 1, damaged: true },
        { line_item_id: "li_kit", lot_id: "a", quantity: 1 },
      ],
    })
    expect(groups.map((g) => [g.line_item_id, g.inventory_item_id, g.required_quantity, g.entries.map((e) => [e.lot_number, e.quantity, e.damaged])])).toEqual([
      ["li_kit", "inv_1", 2, [["A", 2, false], ["A", 1, false]]],
      ["li_kit", "inv_2", 1, [["B", 1, true]]],
    ])
  })

  it("refuses every problem at once", () => {
    const r = refusal(() =>
      groupReturnLotEntries({
        ...base,
        entries: [
          { line_item_id: "li_9", lot_id: "a", quantity: 1 },
          { line_item_id: "li_1", lot_id: "nope", quantity: 1 },
          { line_item_id: "li_1", lot_id: "wait", quantity: 1 },
          { line_item_id: "li_1", lot_id: "x", quantity: 1 },
          { line_item_id: "li_kit", lot_id: "x", quantity: 1 },
        ],
      })
    )
    expect(r.type).toBe("invalid_data")
    expect(r.message).toBe([
      "Line item li_9 is not in return ret_1",
      "Lot nope was not found",
      "Lot AWAITING-LOT-CONFIRMATION holds returned units awaiting their lot; name the lot they shipped from",
      "Lot X belongs to inventory item inv_9, not the inventory item of line item li_1 (Shampoo)",
      "Lot X belongs to inventory item inv_9, none of the inventory items of line item li_kit (Gift set)",
    ].join("; "))
  })

  it("refuses a lot of an item the line neither tracks nor shipped with lots", () => {
    const r = refusal(() => groupReturnLotEntries({ ...base, tracked: () => false, entries: [{ line_item_id: "li_1", lot_id: "a", quantity: 1 }] }))
    expect(r.message).toBe("Lot A belongs to inventory item inv_1, not the inventory item of line item li_1 (Shampoo)")
    const shippedWithLots = new Map([["li_1", new Set(["inv_1"])]])
    expect(groupReturnLotEntries({ ...base, tracked: () => false, shipped_items: shippedWithLots, entries: [{ line_item_id: "li_1", lot_id: "a", quantity: 1 }] })).toHaveLength(1)
  })
})

describe("planReturnLotConfirmation", () => {
  const awaiting = { normal: 2, damaged: 1, lot_id: "lot_wait", location_id: "loc_2" }
  const base = {
    return_id: "ret_1",
    location_id: "loc_1",
    actor_id: "user_1",
    lines: [shampoo],
    awaiting: (line: string, item: string) => (line === "li_1" && item === "inv_1" ? awaiting : null),
    shipped: new Map([["li_1:inv_1", [shipped("a1", "a", 2), shipped("a2", "b", 3)]]]),
  }

  it("moves the awaiting units into the named lots where they wait", () => {
    const plan = planReturnLotConfirmation({ ...base, groups: [group("li_1", "inv_1", "b", 2)] })
    expect(plan.ops).toEqual([
      {
        kind: "return_lot_confirmed",
        allocation_id: "a2",
        from_lot_id: "lot_wait",
        quantity: 2,
        damaged: false,
        location_id: "loc_2",
        return_id: "ret_1",
        actor_id: "user_1",
        metadata: { confirmed: true },
      },
    ])
    expect(plan.pairs).toEqual([{ inventory_item_id: "inv_1", location_id: "loc_2" }])
  })

  it("refuses a line with nothing awaiting and lots that did not ship that many units", () => {
    const r = refusal(() =>
      planReturnLotConfirmation({ ...base, lines: [shampoo, kit], groups: [group("li_kit", "inv_2", "b", 1), group("li_1", "inv_1", "a", 3)] })
    )
    expect(r.message).toBe([
      'No returned units of line item li_kit "Gift set" (inventory item inv_2) await lot confirmation',
      'Lot A shipped 2 units to line item li_1 "Shampoo" and 2 of them are not back yet; 3 were named',
    ].join("; "))
  })
})

describe("checkReceiptLotNames", () => {
  const shippedLots = new Map([["li_kit:inv_1", [shipped("a1", "a", 4)]]])

  it("accepts names within the units being received, in inventory units for a kit", () => {
    expect(() =>
      checkReceiptLotNames({ lines: [kit], groups: [group("li_kit", "inv_1", "a", 4, false, 2)], receiving: new Map([["li_kit", { normal: 2, damaged: 0 }]]), shipped: shippedLots })
    ).not.toThrow()
  })

  it("refuses a line not in the receipt, and more units than are received", () => {
    expect(
      refusal(() => checkReceiptLotNames({ lines: [kit], groups: [group("li_kit", "inv_1", "a", 1, false, 2)], receiving: new Map(), shipped: shippedLots })).message
    ).toBe('Line item li_kit "Gift set" (inventory item inv_1) is not being received in this receipt')
    expect(
      refusal(() =>
        checkReceiptLotNames({
          lines: [kit],
          groups: [group("li_kit", "inv_1", "a", 3, false, 2)],
          receiving: new Map([["li_kit", { normal: 1, damaged: 0 }]]),
          shipped: shippedLots,
        })
      ).message
    ).toBe('3 units were named for line item li_kit "Gift set" (inventory item inv_1), but only 2 are being received')
  })
})
