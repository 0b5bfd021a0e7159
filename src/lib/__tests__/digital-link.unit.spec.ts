import { digitalLinkProblem, digitalLinkUrl, encodeDigitalLinkValue, parseDigitalLinkRequest } from "../digital-link"

const today = "2026-12-01"

describe("GS1 Digital Link requests", () => {
  it("reads the GTIN in any length as 14 digits, the codes as given, and AI 17 as a date", () => {
    expect(parseDigitalLinkRequest({ gtin: "4006381333931", lot: "SH-OK-1" }, today)).toEqual({
      ok: true,
      link: { gtin: "04006381333931", lot: "SH-OK-1" },
    })
    expect(parseDigitalLinkRequest({ gtin: "96385074", lot: "A/7", serial: "S'1", query: { "17": "271200", linkType: "gs1:pip" } }, today)).toEqual({
      ok: true,
      link: { gtin: "00000096385074", lot: "A/7", serial: "S'1", expires_at: "2027-12-31" },
    })
  })

  it("says what is wrong with a link", () => {
    const error = (input: Parameters<typeof parseDigitalLinkRequest>[0]) => {
      const parsed = parseDigitalLinkRequest(input, today)
      return parsed.ok ? null : parsed.error
    }
    expect(error({ gtin: "4006381333932", lot: "L1" })).toEqual(
      "Not a valid GS1 Digital Link: GTIN 4006381333932 has a wrong check digit (the last digit should be 1): was it scanned or typed correctly?"
    )
    expect(error({ gtin: "123", lot: "L1" })).toMatch(/GTIN 123 has 3 digits/)
    expect(error({ gtin: "04006381333931", lot: "" })).toMatch(/the batch\/lot code is empty/)
    expect(error({ gtin: "04006381333931", lot: "A".repeat(21) })).toMatch(/has 21 characters; a GS1 batch\/lot code has at most 20/)
    expect(error({ gtin: "04006381333931", lot: "LOT 1" })).toMatch(/batch\/lot code LOT 1 contains characters a GS1 code cannot carry \(a blank\)/)
    expect(error({ gtin: "04006381333931", lot: "LOT#1~" })).toMatch(/cannot carry \(# ~\)/)
    expect(error({ gtin: "04006381333931", lot: "L1", serial: "é" })).toMatch(/serial number é contains characters/)
    expect(error({ gtin: "04006381333931", lot: "L1", query: { "17": "271340" } })).toMatch(/17 \(expiry date\) 271340 is not a date/)
    expect(error({ gtin: "04006381333931", lot: "L1", query: { "17": ["271231", "271231"] } })).toMatch(/17 \(expiry date\) must be one date/)
  })

  it("accepts every character of GS1's 82-character set in a code", () => {
    const all = `!"%&'()*+,-./:;<=>?_`
    expect(digitalLinkProblem({ gtin: "04006381333931", lot: all.slice(0, 10) })).toBeNull()
    expect(digitalLinkProblem({ gtin: "04006381333931", lot: all.slice(10), serial: "Az09" })).toBeNull()
  })

  it("builds links with the codes percent-encoded, checked by GS1's SDK", () => {
    expect(encodeDigitalLinkValue(`A/B!"'(1)*`)).toEqual("A%2FB%21%22%27%281%29%2A")
    expect(digitalLinkUrl("https://shop.test/lot/", { gtin: "04006381333931", lot: "LOT-2027/01" })).toEqual(
      "https://shop.test/lot/01/04006381333931/10/LOT-2027%2F01"
    )
    expect(digitalLinkUrl("https://id.gs1.org", { gtin: "04006381333931", lot: "L1", serial: "S1", expiry_yymmdd: "271231" })).toEqual(
      "https://id.gs1.org/01/04006381333931/10/L1/21/S1?17=271231"
    )
  })
})
