import {
  duplicateSerials,
  expandSerialRange,
  firstFew,
  receiptSerials,
  serialNumberPattern,
  serialNumberProblem,
  serialPatternProblem,
  serialRangeCount,
  serialRangeProblem,
} from "../serial-numbers"

describe("serial numbers", () => {
  it("accepts printable serials of 1-64 characters and says what is wrong with others", () => {
    expect(serialNumberProblem("SN-004711")).toBeNull()
    expect(serialNumberProblem("x".repeat(64))).toBeNull()
    expect(serialNumberProblem("")).toMatch(/must not be empty/)
    expect(serialNumberProblem("x".repeat(65))).toMatch(/longer than 64 characters/)
    expect(serialNumberProblem("SN\t1")).toMatch(/control characters/)
    expect(serialNumberProblem("SN\u00001")).toMatch(/control characters/)
    expect(serialNumberProblem("SN\u200B1")).toMatch(/invisible/)
    expect(serialNumberProblem("\uFEFFSN-1")).toMatch(/invisible/)
    expect(serialNumberProblem(" SN-1")).toMatch(/starts or ends with blanks/)
  })

  it("expands a range with one prefix and a numeric tail of equal width", () => {
    expect(expandSerialRange({ from: "SN-0098", to: "SN-0101" })).toEqual(["SN-0098", "SN-0099", "SN-0100", "SN-0101"])
    expect(expandSerialRange({ from: "7", to: "7" })).toEqual(["7"])
    expect(expandSerialRange({ from: "A1B-000000000000000000001", to: "A1B-000000000000000000003" })).toEqual([
      "A1B-000000000000000000001",
      "A1B-000000000000000000002",
      "A1B-000000000000000000003",
    ])
    expect(serialRangeCount({ from: "SN-0001", to: "SN-1000" })).toEqual(1000)
    expect(serialRangeCount({ from: "SN-1", to: "XN-2" })).toBeNull()
  })

  it("refuses ranges that are not ranges", () => {
    expect(serialRangeProblem({ from: "SN-A", to: "SN-B" })).toMatch(/must end in digits/)
    expect(serialRangeProblem({ from: "SN-01", to: "SX-02" })).toMatch(/share their prefix/)
    expect(serialRangeProblem({ from: "SN-01", to: "SN-002" })).toMatch(/equal width \(2 vs 3 digits\)/)
    expect(serialRangeProblem({ from: "SN-05", to: "SN-04" })).toMatch(/must not come before/)
    expect(serialRangeProblem({ from: "SN-00001", to: "SN-20000" })).toMatch(/names 20000 serials; at most 10000/)
    expect(serialRangeProblem({ from: "SN\t1", to: "SN\t2" })).toMatch(/control characters/)
    expect(() => expandSerialRange({ from: "SN-05", to: "SN-04" })).toThrow(/must not come before/)
  })

  it("finds duplicates and words long lists briefly", () => {
    expect(duplicateSerials(["A", "B", "A", "C", "B", "A"])).toEqual(["A", "B"])
    expect(duplicateSerials(["A", "B"])).toEqual([])
    expect(firstFew(["A", "B"])).toEqual("A, B")
    expect(firstFew(["1", "2", "3", "4", "5", "6", "7"])).toEqual("1, 2, 3, 4, 5 and 2 more")
  })

  it("generates from a pattern with its own counter per period", () => {
    const p = serialNumberPattern("SN-{YYYY}-{SEQ:6}", "2026-11-30")
    expect(p.render(42)).toEqual("SN-2026-000042")
    expect(p.sequenceKey).toEqual("serial:SN-2026-{SEQ:6}")
    expect(serialPatternProblem("SN-{YYYY}")).toMatch(/serial_pattern must contain exactly one \{SEQ\}/)
    expect(serialPatternProblem("SN-{SEQ}")).toBeNull()
  })

  it("reads a receipt line: a list, a range, or nothing (generate), one serial per unit", () => {
    expect(receiptSerials({ quantity: 2, serial_numbers: ["A", "B"] })).toEqual(["A", "B"])
    expect(receiptSerials({ quantity: 2, serial_range: { from: "A-1", to: "A-2" } })).toEqual(["A-1", "A-2"])
    expect(receiptSerials({ quantity: 2 })).toBeNull()
    expect(() => receiptSerials({ quantity: 3, serial_numbers: ["A", "B"] })).toThrow(/2 serial numbers for a quantity of 3/)
    expect(() => receiptSerials({ quantity: 1, serial_numbers: ["A"], serial_range: { from: "A-1", to: "A-1" } })).toThrow(/not both/)
  })
})
