import {
  affectedSummary,
  lastRecallSequence,
  noticeTemplateData,
  noticesFromShipments,
  recallOutcome,
  recallReference,
} from "../recall"
import { shipmentCells } from "../../api/utils/shipments-csv"
import type { Shipment } from "../../read-models/shipments"

describe("recall references", () => {
  it("numbers recalls per year with at least four digits", () => {
    expect(recallReference("2026", 1)).toBe("RCL-2026-0001")
    expect(recallReference("2026", 42)).toBe("RCL-2026-0042")
    expect(recallReference("2026", 12345)).toBe("RCL-2026-12345")
  })

  it("continues after the highest number of the year, numerically (not as text)", () => {
    expect(lastRecallSequence("2026", [])).toBe(0)
    expect(lastRecallSequence("2026", ["RCL-2026-0001", "RCL-2026-0009", "RCL-2026-0002"])).toBe(9)
    expect(lastRecallSequence("2026", ["RCL-2026-9999", "RCL-2026-10000"])).toBe(10000)
    // Other years and other shapes do not count.
    expect(lastRecallSequence("2026", ["RCL-2025-0500", "RCL-2026-0003", "X-2026-0900", "RCL-2026-00A1"])).toBe(3)
  })
})

const shipment = (over: Partial<Shipment> & { order: Shipment["order"] }): Shipment => ({
  allocation_id: "lotalc_1",
  lot: { id: "lot_1", lot_number: "B-1", supplier: "Durand", origin: "Grasse" },
  inventory_item: { id: "iitem_1", sku: "SKU-1", title: "Shampoo", unit_of_measure: null },
  product: { title: "Argan Shampoo", variant_title: "Default", sku: "SKU-1" },
  line_item_id: "ordli_1",
  customer: { id: "cus_1", name: "Camille Roux", email: "camille@example.com", phone: "+33100000000" },
  ship_to: { name: "Camille Martin", company: null, address_1: "8 rue de Rivoli", address_2: null, city: "Paris", postal_code: "75004", province: null, country_code: "fr", phone: "+33100000000" },
  ship_from: { location_id: "sloc_1", name: "Paris Warehouse", address: { company: null, address_1: "12 rue des Entrepôts", address_2: null, city: "Paris", postal_code: null, province: null, country_code: "FR" } },
  quantity: 2,
  returned_quantity: 0,
  fulfillment_id: "ful_1",
  fulfilled_at: "2026-03-01T10:00:00.000Z",
  shipped_at: "2026-03-02T08:30:00.000Z",
  delivered_at: null,
  ...over,
})

describe("recall notices from shipments", () => {
  it("makes one notice per order with its lines, units, returns and first ship date", () => {
    const notices = noticesFromShipments("rcl_1", [
      shipment({ order: { id: "order_1", display_id: 7 }, quantity: 2 }),
      shipment({ order: { id: "order_2", display_id: 8 }, allocation_id: "lotalc_2", customer: { id: null, name: null, email: null, phone: null } }),
      shipment({
        order: { id: "order_1", display_id: 7 },
        allocation_id: "lotalc_3",
        lot: { id: "lot_2", lot_number: "B-2", supplier: null, origin: null },
        quantity: 3,
        returned_quantity: 1,
        shipped_at: null,
        fulfilled_at: "2026-02-27T09:00:00.000Z",
      }),
    ])
    expect(notices).toHaveLength(2)
    const [first, second] = notices
    expect(first).toEqual(
      expect.objectContaining({
        recall_id: "rcl_1",
        order_id: "order_1",
        order_display_id: 7,
        customer_id: "cus_1",
        email: "camille@example.com",
        name: "Camille Roux",
        quantity: 5,
        returned_quantity: 1,
        first_shipped_at: "2026-02-27T09:00:00.000Z",
        status: "pending",
      })
    )
    expect(first.lines.map((l) => [l.lot_number, l.quantity, l.shipped_at])).toEqual([
      ["B-1", 2, "2026-03-02T08:30:00.000Z"],
      ["B-2", 3, "2026-02-27T09:00:00.000Z"],
    ])
    expect(second).toEqual(expect.objectContaining({ order_id: "order_2", email: null, quantity: 2 }))
    expect(first.id).not.toEqual(second.id)
  })
})

describe("affected summary and notice template", () => {
  it("counts a customer once (by id, else email, else order) and splits by email", () => {
    expect(
      affectedSummary([
        { order_id: "o1", customer_id: "cus_1", email: "a@x.fr", quantity: 2 },
        { order_id: "o2", customer_id: "cus_1", email: "a@x.fr", quantity: 1 },
        { order_id: "o3", customer_id: null, email: "B@x.fr", quantity: 1 },
        { order_id: "o4", customer_id: null, email: "b@x.fr", quantity: 1 },
        { order_id: "o5", customer_id: null, email: null, quantity: 4 },
      ])
    ).toEqual({ orders: 5, customers: 3, units: 9, with_email: 4, without_email: 1 })
  })

  it("gives the template what the customer may see, never the internal reason", () => {
    const recall = { reference: "RCL-2026-0001", classification: "II", public_reason: "Possible contamination", reason: "supplier audit", opened_at: "2026-03-05T10:00:00Z" }
    const data = noticeTemplateData(recall, {
      order_id: "order_1",
      order_display_id: 7,
      name: "Camille Roux",
      ship_to: { city: "Paris" },
      quantity: 2,
      lines: [{ lot_number: "B-1", product_title: "Argan Shampoo", quantity: 2, shipped_at: "2026-03-02T08:30:00.000Z" }],
    })
    expect(data).toEqual({
      recall: { reference: "RCL-2026-0001", classification: "II", public_reason: "Possible contamination", opened_at: "2026-03-05T10:00:00.000Z" },
      order: { id: "order_1", display_id: 7 },
      customer: { name: "Camille Roux" },
      ship_to: { city: "Paris" },
      quantity: 2,
      lots: [{ lot_number: "B-1", product_title: "Argan Shampoo", sku: null, quantity: 2, shipped_at: "2026-03-02T08:30:00.000Z" }],
    })
    expect(JSON.stringify(data)).not.toContain("supplier audit")
  })
})

describe("recall outcome", () => {
  const now = new Date("2026-06-01T00:00:00Z")

  it("counts returned units once even when they are then destroyed in stock", () => {
    // 10 shipped, 4 came back and were written off with 3 more from the shelf; 1 reported destroyed by a customer.
    const outcome = recallOutcome({ units_shipped: 10, units_returned: 4, units_written_off: 7, units_in_stock: 0 }, { destroyed: 1, note: "n" }, now)
    expect(outcome).toEqual({
      units_shipped: 10,
      units_returned: 4,
      units_destroyed_in_stock: 7,
      units_destroyed_reported: 1,
      units_destroyed: 8,
      units_unaccounted: 5,
      units_in_stock: 0,
      note: "n",
      computed_at: "2026-06-01T00:00:00.000Z",
    })
  })

  it("never reports negative unaccounted units, and works without a given outcome", () => {
    expect(recallOutcome({ units_shipped: 2, units_returned: 1, units_written_off: 0, units_in_stock: 3 }, { destroyed: 5 }, now).units_unaccounted).toBe(0)
    expect(recallOutcome({ units_shipped: 2, units_returned: 0, units_written_off: 0, units_in_stock: 3 }, null, now)).toEqual(
      expect.objectContaining({ units_destroyed_reported: 0, units_destroyed: 0, units_unaccounted: 2, note: null })
    )
  })
})

describe("FSMA 204 shipping row", () => {
  it("writes the key data elements in column order", () => {
    expect(shipmentCells(shipment({ order: { id: "order_1", display_id: 7 } }))).toEqual([
      "B-1",
      "Durand / Grasse",
      "Argan Shampoo",
      "SKU-1",
      2,
      "each",
      "Paris Warehouse",
      "12 rue des Entrepôts, Paris, FR",
      "Camille Martin",
      "8 rue de Rivoli, 75004 Paris, FR",
      "FR",
      "2026-03-02",
      "2026-03-02 08:30:00",
      "2026-03-01 10:00:00",
      "Order",
      "#7",
      "ful_1",
      "order_1",
      "cus_1",
      "Camille Roux",
      "camille@example.com",
      "+33100000000",
      0,
      null,
    ])
    // Serialized items: the units of the shipment in the last column.
    expect(shipmentCells(shipment({ order: { id: "order_1", display_id: 7 }, serial_numbers: ["SN-1", "SN 2"] } as any)).at(-1)).toEqual("SN-1; SN 2")
  })

  it("uses the fulfilment date when the shipment was not marked shipped, and the item's unit of measure", () => {
    const cells = shipmentCells(
      shipment({
        order: { id: "order_1", display_id: null },
        shipped_at: null,
        inventory_item: { id: "iitem_1", sku: "SKU-1", title: "Shampoo", unit_of_measure: "case" },
        product: { title: "Argan Shampoo", variant_title: "3-pack", sku: "SKU-3" },
      })
    )
    expect(cells[2]).toBe("Argan Shampoo (3-pack)")
    expect(cells[5]).toBe("case")
    expect(cells[11]).toBe("2026-03-01")
    expect(cells[12]).toBeNull()
    expect(cells[15]).toBe("order_1")
  })
})
