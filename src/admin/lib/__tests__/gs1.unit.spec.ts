import { GS, gs1LotTarget, isValidGtin, looksLikeGs1, normalizeScan, parseGs1, scanLotFields } from "../gs1"

function ok(input: string) {
  const res = parseGs1(input)
  if (!res.ok) {
    throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${res.error}`)
  }
  return res.scan
}

describe("GS1 scans for the receive form", () => {
  it("reads the human-readable form", () => {
    const scan = ok("(01)03453120000011(17)271231(10)ABC123")
    expect(scan).toMatchObject({ gtin: "03453120000011", expires_at: "2027-12-31", lot_number: "ABC123", warnings: [] })
    expect(scan.elements.map((e) => e.ai)).toEqual(["01", "17", "10"])
  })

  it("reads the scanned form with FNC1 separators and a symbology identifier", () => {
    const scan = ok(`]d2010345312000001117270200${"10"}LOT-77${GS}21SER9${GS}11250115`)
    expect(scan).toMatchObject({
      gtin: "03453120000011",
      expires_at: "2027-02-28", // day 00 = last day of the month
      lot_number: "LOT-77",
      serial: "SER9",
      manufactured_at: "2025-01-15",
    })
  })

  it("takes day 00 as the last day of the month, leap years included", () => {
    expect(ok("(17)280200(10)X").expires_at).toBe("2028-02-29")
    expect(ok("(17)270400(10)X").expires_at).toBe("2027-04-30")
  })

  it("reads a GS1-128 string without symbology identifier, and a leading FNC1", () => {
    expect(ok(`0103453120000011${"10"}B-1${GS}17261130`)).toMatchObject({ lot_number: "B-1", expires_at: "2026-11-30" })
    expect(ok(`${GS}0103453120000011172611301125010110LOT-7`)).toMatchObject({
      expires_at: "2026-11-30",
      manufactured_at: "2025-01-01",
      lot_number: "LOT-7",
    })
  })

  it("accepts what keyboard scanners and people type for the separator", () => {
    expect(normalizeScan("0103453120000011 10ABC<GS>17271231\r\n")).toBe(`0103453120000011 10ABC${GS}17271231`)
    expect(ok("010345312000001110ABC{GS}17271231")).toMatchObject({ lot_number: "ABC", expires_at: "2027-12-31" })
    expect(ok("010345312000001110ABC\u241d17271231")).toMatchObject({ lot_number: "ABC", expires_at: "2027-12-31" })
  })

  it("refuses impossible dates instead of rolling them over", () => {
    const res = parseGs1("(01)03453120000011(17)260631(10)ABC")
    expect(res).toEqual({ ok: false, error: expect.stringContaining("month 06 has no day 31") })
    expect(parseGs1("(17)261331(10)A").ok).toBe(false)
  })

  it("refuses text that is not GS1, truncated elements and empty input", () => {
    expect(parseGs1("hello")).toEqual({ ok: false, error: expect.stringContaining("Not a GS1 code") })
    expect(parseGs1("(10)ABC(17)2712").ok).toBe(false)
    expect(parseGs1("   ")).toEqual({ ok: false, error: "The scan is empty" })
  })

  it("warns about a GTIN with a wrong check digit but keeps the other fields", () => {
    const scan = ok("(01)03453120000012(10)ABC")
    expect(scan.lot_number).toBe("ABC")
    expect(scan.warnings).toEqual([expect.stringContaining("wrong check digit")])
  })

  it("checks GTIN check digits", () => {
    expect(isValidGtin("03453120000011")).toBe(true)
    expect(isValidGtin("4006381333931")).toBe(true) // EAN-13
    expect(isValidGtin("4006381333932")).toBe(false)
    expect(isValidGtin("12345")).toBe(false)
  })

  it("tells GS1 strings from plain lot numbers", () => {
    expect(looksLikeGs1("(01)03453120000011(10)A")).toBe(true)
    expect(looksLikeGs1("]C1010345312000001110A")).toBe(true)
    expect(looksLikeGs1(`10A${GS}17271231`)).toBe(true)
    expect(looksLikeGs1("0103453120000011")).toBe(true)
    expect(looksLikeGs1("SH-25-1102")).toBe(false)
    expect(looksLikeGs1("LOT-2026-00001")).toBe(false)
  })

  describe("AI 10 and the plugin option gs1_lot_is_supplier_code", () => {
    it("is the merchant's lot number by default (option off or not loaded yet)", () => {
      const scan = ok("(01)03453120000011(17)271231(10)ABC123")
      expect(gs1LotTarget(false)).toBe("lot_number")
      expect(gs1LotTarget(undefined)).toBe("lot_number")
      expect(scanLotFields(scan, false)).toEqual({ lot_number: "ABC123" })
      expect(scanLotFields(scan, undefined)).toEqual({ lot_number: "ABC123" })
    })

    it("is the supplier lot code when the option is on, leaving the lot number alone", () => {
      const scan = ok(`]d2010345312000001110SUP-9${GS}17271231`)
      expect(gs1LotTarget(true)).toBe("supplier_lot_code")
      expect(scanLotFields(scan, true)).toEqual({ supplier_lot_code: "SUP-9" })
    })

    it("fills nothing when the scan has no AI 10", () => {
      const scan = ok("(01)03453120000011(17)271231")
      expect(scanLotFields(scan, true)).toEqual({})
      expect(scanLotFields(scan, false)).toEqual({})
    })
  })
})
