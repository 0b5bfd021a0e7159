import { matchRecalledLot, normalizeLotCode, sameLotCode } from "../lot-code-match"

describe("lot code normalisation", () => {
  it("treats the usual ways of writing one batch code as the same code", () => {
    const forms = ["LOT-2025-001", "lot2025001", "Lot 2025.001", "LOT_2025/001", " lot–2025—001 ", "LOT\t2025\\001", "ＬＯＴ－２０２５－００１"]
    for (const f of forms) {
      expect(normalizeLotCode(f)).toBe("lot2025001")
    }
    expect(sameLotCode("LOT-2025-001", "lot2025001")).toBe(true)
    expect(sameLotCode("Lot 2025.001", "LOT_2025/001")).toBe(true)
  })

  it("keeps letters, digits and other characters: leading zeros and symbols make a different code", () => {
    expect(sameLotCode("A1", "A01")).toBe(false)
    expect(sameLotCode("B#12", "B12")).toBe(false)
    expect(sameLotCode("LOT-2025-001", "LOT-2025-002")).toBe(false)
    expect(normalizeLotCode("Crème-1")).toBe("crème1")
  })

  it("never matches empty codes or codes made only of separators", () => {
    expect(normalizeLotCode(null)).toBe("")
    expect(normalizeLotCode(undefined)).toBe("")
    expect(sameLotCode("", "")).toBe(false)
    expect(sameLotCode("--", " . ")).toBe(false)
    expect(sameLotCode(null, null)).toBe(false)
  })
})

describe("matching an incoming lot against recalled lots", () => {
  const recalled = [
    { id: "a", lot_number: "LOT-2025-001", supplier_lot_code: null },
    { id: "b", lot_number: "INT-7", supplier_lot_code: "SUP 88.1" },
  ]

  it("matches the lot number against a recalled lot number", () => {
    const m = matchRecalledLot({ lot_number: "lot2025001" }, recalled)
    expect(m).toEqual({ recalled: recalled[0], matched_on: "lot_number", matched_field: "lot_number" })
  })

  it("matches either code against either code of the recalled lot", () => {
    expect(matchRecalledLot({ lot_number: "X", supplier_lot_code: "sup-88-1" }, recalled)).toEqual({
      recalled: recalled[1],
      matched_on: "supplier_lot_code",
      matched_field: "supplier_lot_code",
    })
    expect(matchRecalledLot({ lot_number: "sup881" }, recalled)).toMatchObject({ matched_on: "lot_number", matched_field: "supplier_lot_code" })
    expect(matchRecalledLot({ lot_number: "Y", supplier_lot_code: "int 7" }, recalled)).toMatchObject({
      recalled: { id: "b" },
      matched_on: "supplier_lot_code",
      matched_field: "lot_number",
    })
  })

  it("takes the first recalled lot in the order given, and the incoming lot number before its supplier code", () => {
    const twice = [
      { id: "old", lot_number: "L-1", supplier_lot_code: null },
      { id: "new", lot_number: "S-1", supplier_lot_code: "L1" },
    ]
    expect(matchRecalledLot({ lot_number: "l1" }, twice)?.recalled.id).toBe("old")
    expect(matchRecalledLot({ lot_number: "s1", supplier_lot_code: "L.1" }, twice)?.recalled.id).toBe("new")
  })

  it("answers null when nothing matches", () => {
    expect(matchRecalledLot({ lot_number: "LOT-2025-0010" }, recalled)).toBeNull()
    expect(matchRecalledLot({ lot_number: "---", supplier_lot_code: "" }, [{ lot_number: "--", supplier_lot_code: null }])).toBeNull()
    expect(matchRecalledLot({ lot_number: "LOT-2025-001" }, [])).toBeNull()
  })
})
