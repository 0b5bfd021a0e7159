import { scopeText } from "../recall-scope"

describe("a recall's scope in words", () => {
  const names: Record<string, string> = { sloc_1: "Paris Warehouse", sloc_2: "Rotterdam Warehouse" }
  const name = (id: string) => names[id] ?? id

  it("says whole lots when nothing limits the recall", () => {
    expect(scopeText(null)).toBe("Whole lots")
    expect(scopeText({})).toBe("Whole lots")
  })

  it("names the locations and the ship dates", () => {
    expect(scopeText({ location_ids: ["sloc_1", "sloc_2"] }, name)).toBe("Stock at Paris Warehouse, Rotterdam Warehouse")
    expect(scopeText({ location_ids: ["sloc_1"], shipped_from: "2026-02-01", shipped_to: "2026-02-28" }, name)).toBe(
      "Stock at Paris Warehouse · shipped 2026-02-01 to 2026-02-28"
    )
    expect(scopeText({ shipped_from: "2026-02-01", shipped_to: "2026-02-28" })).toBe("Shipped 2026-02-01 to 2026-02-28")
    expect(scopeText({ shipped_from: "2026-02-01" })).toBe("Shipped from 2026-02-01")
    expect(scopeText({ shipped_to: "2026-02-28" })).toBe("Shipped until 2026-02-28")
    expect(scopeText({ location_ids: ["sloc_9"] })).toBe("Stock at sloc_9")
  })
})
