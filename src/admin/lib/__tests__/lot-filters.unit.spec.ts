import { lotsExportPath, lotsQuery } from "../lot-filters"

describe("lots table -> GET /admin/lots query", () => {
  const page = { pageIndex: 2, pageSize: 20 }

  it("pages, sorts and searches", () => {
    expect(lotsQuery({}, "SH-25", { id: "received_at", desc: true }, page, "2026-01-10")).toEqual({
      limit: 20,
      offset: 40,
      order: "-received_at",
      q: "SH-25",
    })
    expect(lotsQuery({}, "", null, { pageIndex: 0, pageSize: 20 }, "2026-01-10")).toMatchObject({ order: "expires_at", q: undefined })
  })

  it("turns filters into the API's parameters", () => {
    expect(
      lotsQuery(
        { status: ["quarantined", "recalled"], location_id: ["sloc_1"], has_stock: "true", expiring_within: "30" },
        "",
        null,
        page,
        "2026-01-10"
      )
    ).toMatchObject({
      status: ["quarantined", "recalled"],
      location_id: ["sloc_1"],
      has_stock: "true",
      expired: "false",
      expires_before: "2026-02-09",
    })
    expect(lotsQuery({ expired: "true" }, "", null, page, "2026-01-10")).toMatchObject({ expired: "true" })
    expect(lotsQuery({ status: [] }, "", null, page, "2026-01-10")).not.toHaveProperty("status")
  })

  it("filters by bin (trimmed; blank is no filter)", () => {
    expect(lotsQuery({ bin: " A-01-03 " }, "", null, page, "2026-01-10")).toMatchObject({ bin: "A-01-03" })
    expect(lotsQuery({ bin: "   " }, "", null, page, "2026-01-10")).not.toHaveProperty("bin")
    expect(lotsQuery({}, "", null, page, "2026-01-10")).not.toHaveProperty("bin")
  })

  it("exports what the list selects: same filters, search and order, every page", () => {
    const query = lotsQuery(
      { status: ["active", "quarantined"], location_id: ["sloc_1"], bin: "A-01", has_stock: "true" },
      "SH 25",
      { id: "received_at", desc: true },
      page,
      "2026-01-10"
    )
    const path = lotsExportPath(query)
    expect(path.startsWith("/admin/lots/export?")).toBe(true)
    const params = new URLSearchParams(path.split("?")[1])
    expect(params.get("format")).toBe("csv")
    expect(params.getAll("status")).toEqual(["active", "quarantined"])
    expect(params.getAll("location_id")).toEqual(["sloc_1"])
    expect(params.get("bin")).toBe("A-01")
    expect(params.get("has_stock")).toBe("true")
    expect(params.get("q")).toBe("SH 25")
    expect(params.get("order")).toBe("-received_at")
    expect(params.has("limit")).toBe(false)
    expect(params.has("offset")).toBe(false)
    expect(lotsExportPath(lotsQuery({}, "", null, page, "2026-01-10"))).toBe("/admin/lots/export?format=csv&order=expires_at")
  })
})
