import { lotNumberPattern, lotNumberProblem, patternProblem } from "../lot-number"

describe("lot number patterns", () => {
  it("renders date tokens and a padded sequence", () => {
    const p = lotNumberPattern("LOT-{YYYY}-{SEQ:5}", "2026-11-25")
    expect(p.sequenceKey).toBe("LOT-2026-{SEQ:5}")
    expect(p.render(1)).toBe("LOT-2026-00001")
    expect(p.render(123456)).toBe("LOT-2026-123456")
  })

  it("restarts sequences per period through the key", () => {
    const daily = "B{YY}{MM}{DD}-{SEQ:3}"
    expect(lotNumberPattern(daily, "2026-11-25").sequenceKey).toBe("B261125-{SEQ:3}")
    expect(lotNumberPattern(daily, "2026-11-26").sequenceKey).toBe("B261126-{SEQ:3}")
    expect(lotNumberPattern(daily, "2026-11-26").render(7)).toBe("B261126-007")
    expect(lotNumberPattern("{SEQ}", "2026-01-01").render(42)).toBe("42")
  })

  it("rejects patterns without exactly one sequence or with unknown tokens", () => {
    expect(patternProblem("LOT-{YYYY}")).toMatch(/exactly one \{SEQ\}/)
    expect(patternProblem("{SEQ}-{SEQ}")).toMatch(/exactly one/)
    expect(patternProblem("LOT-{HH}-{SEQ}")).toMatch(/unknown token \{HH\}/)
    expect(patternProblem("LOT-{YYYY}-{SEQ:4}")).toBeNull()
    expect(() => lotNumberPattern("LOT", "2026-01-01")).toThrow(/SEQ/)
  })
})

describe("lot number validation", () => {
  it("accepts printable numbers up to 64 characters", () => {
    expect(lotNumberProblem("B-1001/A")).toBeNull()
    expect(lotNumberProblem("Charge 7 ä")).toBeNull()
    expect(lotNumberProblem("L".repeat(64))).toBeNull()
  })

  it("explains what is wrong", () => {
    expect(lotNumberProblem("")).toMatch(/must not be empty/)
    expect(lotNumberProblem("L".repeat(65))).toMatch(/at most 64 characters \(got 65\)/)
    expect(lotNumberProblem("A\tB")).toMatch(/control characters/)
    expect(lotNumberProblem("A\u0000B")).toMatch(/control characters/)
    expect(lotNumberProblem(" AB")).toMatch(/blanks/)
  })
})
