import { gs1DateToCalendarDate, gtinCheckDigit, gtinProblem, gtinStoredForms, isValidGtin, normalizeGtin, variantGtin } from "../gtin"

describe("GTINs", () => {
  it("computes the GS1 mod-10 check digit", () => {
    expect(gtinCheckDigit("400638133393")).toBe(1) // EAN-13 4006381333931
    expect(gtinCheckDigit("0345312000001")).toBe(1) // GTIN-14 03453120000011
    expect(gtinCheckDigit("9638507")).toBe(4) // GTIN-8 96385074
    expect(gtinCheckDigit("03600029145")).toBe(2) // UPC-A 036000291452
  })

  it("accepts GTIN-8/12/13/14 with a right check digit and says what is wrong otherwise", () => {
    for (const ok of ["96385074", "036000291452", "4006381333931", "04006381333931", "03453120000011"]) {
      expect([ok, isValidGtin(ok)]).toEqual([ok, true])
    }
    expect(gtinProblem("4006381333932")).toMatch(/wrong check digit \(the last digit should be 1\)/)
    expect(gtinProblem("400638133391")).toMatch(/wrong check digit/) // 12 digits: read as a UPC-A, whose check digit is wrong
    expect(gtinProblem("12345")).toMatch(/has 5 digits; a GTIN has 8, 12, 13 or 14/)
    expect(gtinProblem("40063813339x1")).toMatch(/digits only/)
    expect(gtinProblem("")).toMatch(/digits only/)
  })

  it("normalises every GTIN length to 14 digits, and nothing else", () => {
    expect(normalizeGtin("4006381333931")).toBe("04006381333931")
    expect(normalizeGtin(" 04006381333931 ")).toBe("04006381333931")
    expect(normalizeGtin("036000291452")).toBe("00036000291452")
    expect(normalizeGtin("96385074")).toBe("00000096385074")
    expect(normalizeGtin("03453120000011")).toBe("03453120000011")
    expect(normalizeGtin("4006381333932")).toBeNull() // wrong check digit
    expect(normalizeGtin("SKU-123")).toBeNull()
    expect(normalizeGtin("4006 381 333931")).toBeNull()
    expect(normalizeGtin(null)).toBeNull()
    expect(normalizeGtin(undefined)).toBeNull()
  })

  it("lists the stored forms whose padding gives a GTIN-14 (the reverse of normalising)", () => {
    expect(gtinStoredForms("04006381333931")).toEqual(["4006381333931", "04006381333931"])
    expect(gtinStoredForms("00036000291452")).toEqual(["036000291452", "0036000291452", "00036000291452"])
    expect(gtinStoredForms("00000096385074")).toEqual(["96385074", "000096385074", "0000096385074", "00000096385074"])
    expect(gtinStoredForms("13453120000018")).toEqual(["13453120000018"])
    // Each form normalises back to the GTIN-14 when it is a valid GTIN of its length.
    for (const form of gtinStoredForms("00036000291452")) {
      expect(form.padStart(14, "0")).toBe("00036000291452")
    }
  })

  it("reads a variant's GTIN from barcode, then EAN, then UPC, and says why there is none", () => {
    expect(variantGtin({ barcode: null, ean: "4006381333931", upc: "036000291452" })).toEqual({ gtin: "04006381333931", field: "ean" })
    expect(variantGtin({ barcode: "INT-0042", ean: null, upc: "036000291452" })).toEqual({ gtin: "00036000291452", field: "upc" })
    const none = variantGtin({ barcode: "INT-0042", ean: "4006381333932" })
    expect(none.gtin).toBeNull()
    expect((none as { problems: string[] }).problems).toEqual([
      "barcode: GTIN INT-0042 must be digits only",
      expect.stringMatching(/^ean: GTIN 4006381333932 has a wrong check digit/),
    ])
    expect(variantGtin({})).toEqual({ gtin: null, problems: [] })
  })
})

describe("GS1 dates (YYMMDD)", () => {
  const today = "2026-12-01"

  it("reads a date, day 00 as the month's last day", () => {
    expect(gs1DateToCalendarDate("271231", today)).toBe("2027-12-31")
    expect(gs1DateToCalendarDate("280200", today)).toBe("2028-02-29")
    expect(gs1DateToCalendarDate("270200", today)).toBe("2027-02-28")
  })

  it("places the century by GS1's sliding window", () => {
    expect(gs1DateToCalendarDate("760101", today)).toBe("2076-01-01") // 50 years ahead: this century
    expect(gs1DateToCalendarDate("770101", today)).toBe("1977-01-01") // 51 ahead: the previous century
    expect(gs1DateToCalendarDate("770101", "2060-06-01")).toBe("2077-01-01")
    expect(gs1DateToCalendarDate("100101", "2060-06-01")).toBe("2110-01-01") // 50 back: the next century
    expect(gs1DateToCalendarDate("110101", "2060-06-01")).toBe("2011-01-01") // 49 back: this century
  })

  it("refuses what is not a date", () => {
    expect(gs1DateToCalendarDate("270231", today)).toBeNull()
    expect(gs1DateToCalendarDate("271301", today)).toBeNull()
    expect(gs1DateToCalendarDate("270001", today)).toBeNull()
    expect(gs1DateToCalendarDate("2712", today)).toBeNull()
    expect(gs1DateToCalendarDate("27-12-31", today)).toBeNull()
  })
})
