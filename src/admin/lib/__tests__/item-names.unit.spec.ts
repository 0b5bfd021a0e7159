import { inventoryItemName, rowItemName, withItemNames } from "../item-names"

describe("item names in the admin", () => {
  const shampoo = { id: "iitem_1", sku: "SHAMPOO-ARGAN-250", title: "Default" }

  it("uses the response's label when there is one", () => {
    expect(inventoryItemName({ ...shampoo, label: "Argan Repair Shampoo 250 ml · Default · SHAMPOO-ARGAN-250" })).toBe(
      "Argan Repair Shampoo 250 ml · Default · SHAMPOO-ARGAN-250"
    )
  })

  it("builds it from the names when the response has none", () => {
    expect(inventoryItemName({ ...shampoo, product_title: "Argan Repair Shampoo 250 ml", variant_title: "Default" })).toBe(
      "Argan Repair Shampoo 250 ml · Default · SHAMPOO-ARGAN-250"
    )
    expect(inventoryItemName(shampoo)).toBe("Default · SHAMPOO-ARGAN-250")
    expect(inventoryItemName({ ...shampoo, label: " " })).toBe("Default · SHAMPOO-ARGAN-250")
    expect(inventoryItemName(null, "iitem_1")).toBe("iitem_1")
  })

  it("names flat rows by item_label, else SKU and title, else the id", () => {
    expect(rowItemName({ item_label: "Vitamin C 1000 · 60 tablets · VITC-1000-60", sku: "VITC-1000-60" })).toBe(
      "Vitamin C 1000 · 60 tablets · VITC-1000-60"
    )
    expect(rowItemName({ sku: "VITC-1000-60", item_title: "60 tablets" })).toBe("60 tablets · VITC-1000-60")
    expect(rowItemName({ sku: null, inventory_item_id: "iitem_2" })).toBe("iitem_2")
  })

  it("names a core inventory item by its variant and product", () => {
    expect(
      withItemNames({ ...shampoo, variants: [{ title: "Default", product: { title: "Argan Repair Shampoo 250 ml" } }] })
    ).toEqual({
      id: "iitem_1",
      sku: "SHAMPOO-ARGAN-250",
      title: "Default",
      product_title: "Argan Repair Shampoo 250 ml",
      variant_title: "Default",
      label: "Argan Repair Shampoo 250 ml · Default · SHAMPOO-ARGAN-250",
    })
    expect(withItemNames({ id: "iitem_3", sku: null, title: null }).label).toBe("iitem_3")
  })
})
