import { heldUnitsText, holdExplanationText, holdReasonLabel, holdsByLocation, holdsSummaryText } from "../holds"
import type { LotHold } from "../../../types/http"

const hold = (over: Partial<LotHold>): LotHold => ({
  inventory_item_id: "iitem_1",
  location_id: "sloc_paris",
  location_name: "Paris Warehouse",
  quantity: 10,
  reservation_id: "resitem_1",
  description: "Held by lot tracking: 1 lot blocked (quarantined)",
  lots: [{ lot_id: "lot_1", lot_number: "LOT-2026-00003", reason: "quarantined", quantity: 10 }],
  ...over,
})

describe("inventory item widget: units held back from sale", () => {
  it("words units and reasons", () => {
    expect(heldUnitsText(16)).toBe("16 units held back from sale")
    expect(heldUnitsText(1)).toBe("1 unit held back from sale")
    expect(holdReasonLabel("short_shelf_life")).toBe("short shelf life")
    expect(holdReasonLabel("expired")).toBe("expired")
  })

  it("groups holds by location, by name, summing a second row of one location", () => {
    const locations = holdsByLocation([
      hold({
        location_id: "sloc_rotterdam",
        location_name: "Rotterdam Warehouse",
        reservation_id: "resitem_2",
        quantity: 4,
        lots: [{ lot_id: "lot_2", lot_number: "LOT-2025-00001", reason: "expired", quantity: 4 }],
      }),
      hold({ quantity: 16, lots: [
        { lot_id: "lot_1", lot_number: "LOT-2026-00003", reason: "quarantined", quantity: 10 },
        { lot_id: "lot_2", lot_number: "LOT-2025-00001", reason: "expired", quantity: 6 },
      ] }),
      hold({ reservation_id: "resitem_3", quantity: 2, lots: [{ lot_id: "lot_1", lot_number: "LOT-2026-00003", reason: "quarantined", quantity: 2 }] }),
      hold({ location_id: "sloc_empty", location_name: null, reservation_id: "resitem_4", quantity: 0, lots: [] }),
    ])
    expect(locations).toEqual([
      {
        location_id: "sloc_paris",
        location_name: "Paris Warehouse",
        quantity: 18,
        lots: [
          { lot_id: "lot_1", lot_number: "LOT-2026-00003", reason: "quarantined", quantity: 12 },
          { lot_id: "lot_2", lot_number: "LOT-2025-00001", reason: "expired", quantity: 6 },
        ],
      },
      {
        location_id: "sloc_rotterdam",
        location_name: "Rotterdam Warehouse",
        quantity: 4,
        lots: [{ lot_id: "lot_2", lot_number: "LOT-2025-00001", reason: "expired", quantity: 4 }],
      },
    ])
    expect(holdsSummaryText(locations)).toBe("22 units at 2 locations")
    expect(holdsByLocation([])).toEqual([])
  })

  it("falls back to the location id when the location has no name", () => {
    expect(holdsByLocation([hold({ location_name: null })])[0].location_name).toBe("sloc_paris")
  })

  it("explains the reservation and names only the actions the reasons call for", () => {
    const text = holdExplanationText(["expired", "quarantined"])
    expect(text).toContain("reservation named “Held by lot tracking”")
    expect(text).toContain("storefront and checkout never sell them")
    expect(text).toMatch(/release or write off the quarantined lot; write off the expired units\.$/)
    expect(text).not.toContain("recall desk")
    expect(holdExplanationText(["recalled"])).toMatch(/recall desk handle the recalled lot\.$/)
    expect(holdExplanationText([])).toMatch(/release, write off or let the recall desk handle them\.$/)
  })
})
