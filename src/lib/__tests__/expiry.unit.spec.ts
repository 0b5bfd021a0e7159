import { addDays, calendarDateIn, daysBetween, isCalendarDate } from "../calendar-date"
import { daysUntilExpiry, expiryState, hasMinimumShelfLife, isExpired, isExpiringSoon } from "../expiry"

describe("calendar dates", () => {
  it("accepts real YYYY-MM-DD dates only", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true)
    expect(isCalendarDate("2027-02-29")).toBe(false)
    expect(isCalendarDate("2027-13-01")).toBe(false)
    expect(isCalendarDate("2027-1-01")).toBe(false)
    expect(isCalendarDate("2027-01-01T00:00:00Z")).toBe(false)
    expect(isCalendarDate(20270101)).toBe(false)
  })

  it("reads today's date in the merchant's time zone", () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Paris and still 31 Dec in New York.
    const instant = new Date("2026-12-31T23:30:00Z")
    expect(calendarDateIn(instant, "UTC")).toBe("2026-12-31")
    expect(calendarDateIn(instant, "Europe/Paris")).toBe("2027-01-01")
    expect(calendarDateIn(new Date("2027-01-01T03:00:00Z"), "America/New_York")).toBe("2026-12-31")
  })

  it("counts whole days across month, leap-year and DST boundaries", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2)
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2)
    expect(daysBetween("2026-01-10", "2026-01-01")).toBe(-9)
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01")
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29")
  })
})

describe("the expiry rule", () => {
  it("keeps a lot fit through its expiry day and expired from the day after", () => {
    expect(isExpired("2026-06-30", "2026-06-29")).toBe(false)
    expect(isExpired("2026-06-30", "2026-06-30")).toBe(false)
    expect(isExpired("2026-06-30", "2026-07-01")).toBe(true)
    expect(isExpired(null, "2099-01-01")).toBe(false)
  })

  it("counts the days left, zero on the expiry day", () => {
    expect(daysUntilExpiry("2026-06-30", "2026-06-20")).toBe(10)
    expect(daysUntilExpiry("2026-06-30", "2026-06-30")).toBe(0)
    expect(daysUntilExpiry("2026-06-30", "2026-07-02")).toBe(-2)
    expect(daysUntilExpiry(undefined, "2026-07-02")).toBeNull()
  })

  it("warns inside the window, including its last day and the expiry day, but not once expired", () => {
    expect(isExpiringSoon("2026-07-30", "2026-06-30", 30)).toBe(true)
    expect(isExpiringSoon("2026-07-31", "2026-06-30", 30)).toBe(false)
    expect(isExpiringSoon("2026-06-30", "2026-06-30", 30)).toBe(true)
    expect(isExpiringSoon("2026-06-30", "2026-07-01", 30)).toBe(false)
    expect(isExpiringSoon("2026-06-30", "2026-06-30", 0)).toBe(true)
    expect(isExpiringSoon(null, "2026-06-30", 30)).toBe(false)
  })

  it("requires the minimum shelf life left at shipment", () => {
    expect(hasMinimumShelfLife("2026-07-30", "2026-06-30", 30)).toBe(true)
    expect(hasMinimumShelfLife("2026-07-29", "2026-06-30", 30)).toBe(false)
    expect(hasMinimumShelfLife("2026-06-30", "2026-06-30", 0)).toBe(true)
    expect(hasMinimumShelfLife("2026-06-29", "2026-06-30", 0)).toBe(false)
    expect(hasMinimumShelfLife(null, "2026-06-30", 365)).toBe(true)
  })

  it("derives the whole state at once", () => {
    expect(expiryState("2026-07-10", "2026-07-01", 30)).toEqual({ expired: false, expiring_soon: true, days_until_expiry: 9 })
    expect(expiryState("2026-06-10", "2026-07-01", 30)).toEqual({ expired: true, expiring_soon: false, days_until_expiry: -21 })
  })
})
