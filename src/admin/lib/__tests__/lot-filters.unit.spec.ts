import { lotsQuery } from "../lot-filters"

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
})
