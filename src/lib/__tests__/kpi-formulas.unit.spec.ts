import { count, currencyDecimals, millis, money, rate, resolveKpiPeriod, splitAtUtcDays, unitCostProblem } from "../kpi-formulas"

describe("KPI period", () => {
  it("defaults to the last 30 days up to today, both ends included", () => {
    expect(resolveKpiPeriod({}, "2026-03-31")).toEqual({ period: { from: "2026-03-02", to: "2026-03-31", days: 30 } })
  })

  it("fills a missing end from the other one", () => {
    expect(resolveKpiPeriod({ to: "2026-01-30" }, "2026-06-01")).toEqual({ period: { from: "2026-01-01", to: "2026-01-30", days: 30 } })
    expect(resolveKpiPeriod({ from: "2026-02-01" }, "2026-06-01")).toEqual({ period: { from: "2026-02-01", to: "2026-03-02", days: 30 } })
  })

  it("takes a single day and a leap-year February", () => {
    expect(resolveKpiPeriod({ from: "2028-02-29", to: "2028-02-29" }, "2028-03-01")).toEqual({ period: { from: "2028-02-29", to: "2028-02-29", days: 1 } })
    expect(resolveKpiPeriod({ from: "2028-02-01", to: "2028-03-01" }, "2028-03-01")).toEqual({ period: { from: "2028-02-01", to: "2028-03-01", days: 30 } })
  })

  it("refuses dates that are not calendar dates, a reversed period and an overlong one, saying why", () => {
    expect(resolveKpiPeriod({ from: "2026-02-30" }, "2026-03-01")).toEqual({ error: "from must be a calendar date written YYYY-MM-DD" })
    expect(resolveKpiPeriod({ to: "yesterday" }, "2026-03-01")).toEqual({ error: "to must be a calendar date written YYYY-MM-DD" })
    expect(resolveKpiPeriod({ from: "2026-03-02", to: "2026-03-01" }, "2026-03-01")).toEqual({
      error: "from (2026-03-02) must not be after to (2026-03-01)",
    })
    expect(resolveKpiPeriod({ from: "2000-01-01", to: "2026-03-01" }, "2026-03-01")).toEqual({
      error: expect.stringContaining("ask for at most 3660 days"),
    })
  })
})

describe("KPI arithmetic", () => {
  it("gives a rate of an empty set as unknown, and rounds to 4 decimals", () => {
    expect(rate(0, 0)).toBeNull()
    expect(rate(3, 0)).toBeNull()
    expect(rate(0, 9)).toEqual(0)
    expect(rate(6, 9)).toEqual(0.6667)
    expect(rate(9, 9)).toEqual(1)
    expect(rate(Number.NaN, 9)).toBeNull()
  })

  it("reads SQL numerics (text) as numbers", () => {
    expect(count("12")).toEqual(12)
    expect(count(null)).toEqual(0)
    expect(money("38.700000")).toEqual(38.7)
    expect(money(null)).toBeNull()
    expect(millis("90000.4")).toEqual(90000)
    expect(millis(null)).toBeNull()
  })
})

describe("money per currency", () => {
  it("knows each currency's minor unit, and falls back to 2 decimals", () => {
    expect([currencyDecimals("eur"), currencyDecimals("USD"), currencyDecimals("jpy"), currencyDecimals("kwd")]).toEqual([2, 2, 0, 3])
    expect([currencyDecimals(null), currencyDecimals("not a code")]).toEqual([2, 2])
  })

  it("rounds an amount to its currency, half away from zero, without floating point surprises", () => {
    expect(money(1.005, "eur")).toEqual(1.01)
    expect(money("38.704999", "eur")).toEqual(38.7)
    expect(money(1234.5, "jpy")).toEqual(1235)
    expect(money(1234.4, "JPY")).toEqual(1234)
    expect(money(0.0005, "kwd")).toEqual(0.001)
    expect(money(12.3456, "kwd")).toEqual(12.346)
    expect(money(-2.345, "usd")).toEqual(-2.35)
    expect(money(-0.001, "usd")).toEqual(0)
    expect(money(3 * 12.9, "eur")).toEqual(38.7)
    expect(money(0.1 + 0.2, "eur")).toEqual(0.3)
    // Without a currency: cents.
    expect(money(2.675)).toEqual(2.68)
  })

  it("refuses a unit cost below 0 or finer than the currency's minor unit", () => {
    expect(unitCostProblem(2.5, "eur")).toBeNull()
    expect(unitCostProblem(0, "jpy")).toBeNull()
    expect(unitCostProblem(1.125, "kwd")).toBeNull()
    expect(unitCostProblem(-1, "eur")).toEqual("unit_cost must be an amount of 0 or more")
    expect(unitCostProblem(Number.NaN, "eur")).toEqual("unit_cost must be an amount of 0 or more")
    expect(unitCostProblem(2.555, "eur")).toEqual("unit_cost (2.555) has more decimals than EUR allows (2)")
    expect(unitCostProblem(120.5, "jpy")).toEqual("unit_cost (120.5) has more decimals than JPY allows (0)")
  })
})

describe("KPI period cut at UTC midnights", () => {
  it("reads whole UTC days from the day counts and the hours left at each end row by row", () => {
    // 30 days in Europe/Paris (UTC+1): from 23:00 UTC to 23:00 UTC.
    expect(splitAtUtcDays({ start: "2026-10-31T23:00:00.000Z", end: "2026-11-30T23:00:00.000Z" })).toEqual({
      days: ["2026-11-01", "2026-11-30"],
      ends: [
        ["2026-10-31T23:00:00.000Z", "2026-11-01T00:00:00.000Z"],
        ["2026-11-30T00:00:00.000Z", "2026-11-30T23:00:00.000Z"],
      ],
    })
  })

  it("leaves nothing at the ends of a period in UTC", () => {
    const { days, ends } = splitAtUtcDays({ start: "2026-11-01T00:00:00.000Z", end: "2026-12-01T00:00:00.000Z" })
    expect(days).toEqual(["2026-11-01", "2026-12-01"])
    expect(ends.every(([from, to]) => from === to)).toBe(true)
  })

  it("reads a period holding no whole UTC day row by row (a day east of UTC, a short DST day)", () => {
    // One day in Pacific/Kiritimati (UTC+14): 10:00 UTC to 10:00 UTC the next day.
    expect(splitAtUtcDays({ start: "2026-03-01T10:00:00.000Z", end: "2026-03-02T10:00:00.000Z" })).toEqual({
      days: ["2026-03-02", "2026-03-02"],
      ends: [
        ["2026-03-01T10:00:00.000Z", "2026-03-02T10:00:00.000Z"],
        ["2026-03-02T10:00:00.000Z", "2026-03-02T10:00:00.000Z"],
      ],
    })
    // 29 March 2026 in Europe/Paris has 23 hours: 23:00 UTC on the 28th to 22:00 UTC on the 29th.
    expect(splitAtUtcDays({ start: "2026-03-28T23:00:00.000Z", end: "2026-03-29T22:00:00.000Z" }).days).toEqual(["2026-03-29", "2026-03-29"])
  })
})
