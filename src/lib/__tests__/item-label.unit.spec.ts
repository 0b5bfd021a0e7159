import { itemLabel } from "../item-label"

describe("itemLabel", () => {
  it("names the product, the variant and the SKU", () => {
    expect(
      itemLabel({ product_title: "Argan Repair Shampoo 250 ml", variant_title: "Default", sku: "SHAMPOO-ARGAN-250", title: "Default" })
    ).toBe("Argan Repair Shampoo 250 ml · Default · SHAMPOO-ARGAN-250")
  })

  it("falls back to the inventory item's own title when no product is linked", () => {
    expect(itemLabel({ title: "Bulk argan oil", sku: "OIL-1L" })).toBe("Bulk argan oil · OIL-1L")
    expect(itemLabel({ product_title: null, variant_title: null, title: "Bulk argan oil", sku: null })).toBe("Bulk argan oil")
  })

  it("skips empty and repeated parts", () => {
    expect(itemLabel({ product_title: "Serum", variant_title: "Serum", sku: "  " })).toBe("Serum")
    expect(itemLabel({ product_title: "Serum", variant_title: "", sku: "SER-1" })).toBe("Serum · SER-1")
  })

  it("answers the fallback when nothing names the item", () => {
    expect(itemLabel(null, "iitem_1")).toBe("iitem_1")
    expect(itemLabel({ title: null, sku: null }, "iitem_2")).toBe("iitem_2")
  })
})
