import {
  normalizeRecallScope,
  recallScopeProblem,
  shipDateIn,
  shipmentInScope,
  statusAfterCancel,
} from "../recall"
import { shipmentCells } from "../../api/utils/shipments-csv"
import type { Shipment } from "../../read-models/shipments"

const shipped = (location_id: string, shipped_at: string | null, fulfilled_at: string | null = "2026-03-01T10:00:00.000Z") => ({
  ship_from: { location_id },
  shipped_at,
  fulfilled_at,
})

describe("the merchant's ship date", () => {
  it("is the calendar day of the instant in the plugin's time zone, not the UTC date", () => {
    // 23:30 in Paris on 1 March is 22:30 UTC: still the 1st there.
    expect(shipDateIn("2026-03-01T22:30:00.000Z", "Europe/Paris")).toBe("2026-03-01")
    // 00:30 in Paris on 2 March is 23:30 UTC on the 1st: the 2nd for the merchant.
    expect(shipDateIn("2026-03-01T23:30:00.000Z", "Europe/Paris")).toBe("2026-03-02")
    // West of UTC the other way: 02:00 UTC is the evening before in New York.
    expect(shipDateIn("2026-03-02T02:00:00.000Z", "America/New_York")).toBe("2026-03-01")
    expect(shipDateIn("2026-03-02T02:00:00.000Z", "UTC")).toBe("2026-03-02")
    expect(shipDateIn(new Date("2026-07-01T23:59:59.000Z"), "Asia/Tokyo")).toBe("2026-07-02")
    expect(shipDateIn(null, "Europe/Paris")).toBeNull()
    expect(shipDateIn("not a date", "Europe/Paris")).toBeNull()
  })

  it("is what the CSV's Ship Date column holds (shipped, else fulfilled), in the time zone given", () => {
    const s = {
      allocation_id: "lotalc_1",
      lot: { id: "lot_1", lot_number: "B-1", supplier: null, origin: null },
      inventory_item: { id: "iitem_1", sku: "SKU-1", title: "Shampoo", unit_of_measure: null },
      product: { title: "Shampoo", variant_title: null, sku: "SKU-1" },
      line_item_id: "ordli_1",
      order: { id: "order_1", display_id: 1 },
      customer: { id: null, name: null, email: null, phone: null },
      ship_to: null,
      ship_from: { location_id: "sloc_1", name: "Paris", address: null },
      quantity: 1,
      returned_quantity: 0,
      fulfillment_id: "ful_1",
      fulfilled_at: "2026-03-01T20:00:00.000Z",
      shipped_at: "2026-03-01T23:30:00.000Z",
      delivered_at: null,
    } as Shipment
    expect(shipmentCells(s)[11]).toBe("2026-03-01")
    expect(shipmentCells(s, "Europe/Paris")[11]).toBe("2026-03-02")
    // The instants stay UTC.
    expect(shipmentCells(s, "Europe/Paris")[12]).toBe("2026-03-01 23:30:00")
    expect(shipmentCells({ ...s, shipped_at: null }, "Europe/Paris")[11]).toBe("2026-03-01")
  })
})

describe("recall scope", () => {
  it("keeps only what limits anything", () => {
    expect(normalizeRecallScope(null)).toBeNull()
    expect(normalizeRecallScope({})).toBeNull()
    expect(normalizeRecallScope({ location_ids: [] })).toBeNull()
    expect(normalizeRecallScope({ location_ids: ["sloc_1", "sloc_1", "sloc_2"] })).toEqual({ location_ids: ["sloc_1", "sloc_2"] })
    expect(normalizeRecallScope({ shipped_from: "2026-03-01" })).toEqual({ shipped_from: "2026-03-01" })
  })

  it("refuses dates out of order", () => {
    expect(recallScopeProblem({ shipped_from: "2026-03-02", shipped_to: "2026-03-01" })).toBe(
      "scope.shipped_from (2026-03-02) must not be after scope.shipped_to (2026-03-01)"
    )
    expect(recallScopeProblem({ shipped_from: "2026-03-01", shipped_to: "2026-03-01" })).toBeNull()
    expect(recallScopeProblem(null)).toBeNull()
  })

  it("takes shipments from its locations only", () => {
    const scope = { location_ids: ["sloc_paris"] }
    expect(shipmentInScope(shipped("sloc_paris", null), scope, "UTC")).toBe(true)
    expect(shipmentInScope(shipped("sloc_rotterdam", null), scope, "UTC")).toBe(false)
    expect(shipmentInScope(shipped("sloc_rotterdam", null), null, "UTC")).toBe(true)
  })

  it("takes ship dates within the range, both days included, as the merchant's calendar days", () => {
    const scope = { shipped_from: "2026-03-01", shipped_to: "2026-03-02" }
    expect(shipmentInScope(shipped("s", "2026-03-01T00:00:00.000Z"), scope, "UTC")).toBe(true)
    expect(shipmentInScope(shipped("s", "2026-03-02T23:59:59.000Z"), scope, "UTC")).toBe(true)
    expect(shipmentInScope(shipped("s", "2026-03-03T00:00:00.000Z"), scope, "UTC")).toBe(false)
    expect(shipmentInScope(shipped("s", "2026-02-28T23:59:59.000Z"), scope, "UTC")).toBe(false)
    // 23:30 UTC on 28 Feb is 1 March in Paris: inside the range there, outside in UTC.
    expect(shipmentInScope(shipped("s", "2026-02-28T23:30:00.000Z"), scope, "Europe/Paris")).toBe(true)
    // Not marked shipped: the fulfilment's date counts.
    expect(shipmentInScope(shipped("s", null, "2026-03-02T10:00:00.000Z"), scope, "UTC")).toBe(true)
    expect(shipmentInScope(shipped("s", null, null), scope, "UTC")).toBe(false)
    // One side open.
    expect(shipmentInScope(shipped("s", "2030-01-01T00:00:00.000Z"), { shipped_from: "2026-03-01" }, "UTC")).toBe(true)
    expect(shipmentInScope(shipped("s", "2020-01-01T00:00:00.000Z"), { shipped_to: "2026-03-01" }, "UTC")).toBe(true)
  })
})

describe("a lot's status when its recall is canceled", () => {
  it("goes back to what it was, unless another recall still holds the whole lot", () => {
    expect(statusAfterCancel("active", false)).toBe("active")
    expect(statusAfterCancel("quarantined", false)).toBe("quarantined")
    expect(statusAfterCancel("active", true)).toBe("recalled")
    expect(statusAfterCancel("quarantined", true)).toBe("recalled")
  })
})
