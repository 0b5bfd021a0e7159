import {
  compareBins,
  groupPickLines,
  naturalCompare,
  sortPickLines,
  sortShortfalls,
  type PickListLine,
  type PickListShortfall,
} from "../pick-list"

const line = (over: Partial<PickListLine>): PickListLine => ({
  order_id: "order_1",
  order_display_id: 1,
  line_item_id: "ordli_1",
  product_title: "Shampoo",
  variant_title: "Default",
  sku: "SHAMPOO",
  inventory_item_id: "iitem_1",
  lot_id: "lot_1",
  lot_number: "L1",
  expires_at: "2027-01-01",
  lot_status: "active",
  location_id: "sloc_paris",
  location_name: "Paris Warehouse",
  bin: null,
  quantity: 1,
  status: "reserved",
  ...over,
})

describe("naturalCompare", () => {
  it("orders numbers inside text by value", () => {
    const bins = ["A-10", "A-2", "B-1", "A-1", "a-3", "A-02-5", "A-2-10", "A-2-9", "10", "9", "A"]
    expect([...bins].sort(naturalCompare)).toEqual(["9", "10", "A", "A-1", "A-2", "A-02-5", "A-2-9", "A-2-10", "a-3", "A-10", "B-1"])
  })

  it("is a total order: equal values by number fall back to the text", () => {
    expect(naturalCompare("A-02", "A-2")).not.toEqual(0)
    expect(Math.sign(naturalCompare("A-02", "A-2"))).toEqual(-Math.sign(naturalCompare("A-2", "A-02")))
    expect(naturalCompare("A-2", "A-2")).toEqual(0)
  })

  it("compares long digit runs without losing precision", () => {
    expect(naturalCompare("X99999999999999999998", "X99999999999999999999")).toBeLessThan(0)
    expect(naturalCompare("X100000000000000000000", "X99999999999999999999")).toBeGreaterThan(0)
  })
})

describe("compareBins", () => {
  it("puts lines without a bin (null or blank) last", () => {
    const bins = [null, "B-1", "", "A-10", undefined, "A-2"]
    expect([...bins].sort(compareBins)).toEqual(["A-2", "A-10", "B-1", null, "", undefined])
  })
})

describe("sortPickLines", () => {
  it("walks location by location, then bin (natural), sku, expiry, order", () => {
    const lines = [
      line({ line_item_id: "r1", location_id: "sloc_rdam", location_name: "Rotterdam Warehouse", bin: "A-1" }),
      line({ line_item_id: "p-nobin", bin: null }),
      line({ line_item_id: "p-a10", bin: "A-10" }),
      line({ line_item_id: "p-a2-later", bin: "A-2", expires_at: "2028-01-01" }),
      line({ line_item_id: "p-a2-sooner", bin: "A-2", expires_at: "2027-06-01", order_display_id: 9 }),
      line({ line_item_id: "p-a2-sooner-o2", bin: "A-2", expires_at: "2027-06-01", order_display_id: 2, order_id: "order_2" }),
      line({ line_item_id: "p-a2-sku-a", bin: "A-2", sku: "ALPHA", expires_at: "2030-01-01" }),
      line({ line_item_id: "p-a2-noexpiry", bin: "A-2", expires_at: null }),
    ]
    expect(sortPickLines(lines).map((l) => l.line_item_id)).toEqual([
      "p-a2-sku-a",
      "p-a2-sooner-o2",
      "p-a2-sooner",
      "p-a2-later",
      "p-a2-noexpiry",
      "p-a10",
      "p-nobin",
      "r1",
    ])
    // A new array: the input keeps its order.
    expect(lines[0].line_item_id).toEqual("r1")
  })

  it("keeps two locations of the same name apart and untracked lines (no lot) after the lots of their bin", () => {
    const lines = [
      line({ line_item_id: "b", location_id: "sloc_b", location_name: "Store" }),
      line({ line_item_id: "a", location_id: "sloc_a", location_name: "Store" }),
      line({ line_item_id: "u", location_id: "sloc_a", location_name: "Store", lot_id: null, lot_number: null, expires_at: null, status: "untracked" }),
      line({ line_item_id: "unnamed", location_id: "sloc_0", location_name: null }),
    ]
    expect(sortPickLines(lines).map((l) => l.line_item_id)).toEqual(["a", "u", "b", "unnamed"])
  })
})

describe("groupPickLines", () => {
  it("groups the sorted lines per location with their units", () => {
    const groups = groupPickLines([
      line({ line_item_id: "r", location_id: "sloc_rdam", location_name: "Rotterdam Warehouse", quantity: 5 }),
      line({ line_item_id: "p1", bin: "A-10", quantity: 2 }),
      line({ line_item_id: "p2", bin: "A-2", quantity: 3 }),
    ])
    expect(groups.map((g) => [g.location_name, g.quantity, g.lines.map((l) => l.line_item_id)])).toEqual([
      ["Paris Warehouse", 5, ["p2", "p1"]],
      ["Rotterdam Warehouse", 5, ["r"]],
    ])
    expect(groupPickLines([])).toEqual([])
  })
})

describe("sortShortfalls", () => {
  it("lists shortfalls by order number, then sku", () => {
    const s = (over: Partial<PickListShortfall>): PickListShortfall => ({
      order_id: "order_1",
      order_display_id: 1,
      line_item_id: "ordli_1",
      sku: "B",
      location_id: "sloc_paris",
      quantity: 1,
      ...over,
    })
    const sorted = sortShortfalls([s({ order_display_id: 3, line_item_id: "x" }), s({ sku: "C", line_item_id: "y" }), s({ sku: "A", line_item_id: "z" })])
    expect(sorted.map((x) => x.line_item_id)).toEqual(["z", "y", "x"])
  })
})
