import { iso, placeholders } from "../sql"

describe("sql helpers", () => {
  it("writes one placeholder per value", () => {
    expect(placeholders(["a", "b", "c"])).toBe("?, ?, ?")
    expect(placeholders([])).toBe("")
  })

  it("answers timestamps as ISO text and keeps null", () => {
    expect(iso(new Date("2026-11-30T10:00:00Z"))).toBe("2026-11-30T10:00:00.000Z")
    expect(iso("2026-11-30 10:00:00+00")).toBe("2026-11-30T10:00:00.000Z")
    expect(iso(null)).toBeNull()
  })
})
