import { stringify } from "csv-stringify/sync"
import { neutralizeCell, neutralizeRow, safeFileName, stripFormulaGuard } from "../csv-safe"
import { cellValue } from "../lot-import-rows"

describe("spreadsheet formula injection", () => {
  it.each([
    ["=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"],
    ["+33 1 00 00 00 00", "'+33 1 00 00 00 00"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    // Blanks before a formula sign: spreadsheets skip them.
    [" =1+1", "' =1+1"],
    ["   +33 1", "'   +33 1"],
    ["\n-2", "'\n-2"],
    ["\u00A0@SUM(A1)", "'\u00A0@SUM(A1)"],
    ["\u3000=1", "'\u3000=1"],
    // Full-width signs read as ASCII ones, and a leading pipe (DDE).
    ["＝HYPERLINK(1)", "'＝HYPERLINK(1)"],
    ["＋1", "'＋1"],
    ["－1", "'－1"],
    ["＠A1", "'＠A1"],
    ["|cmd", "'|cmd"],
    [" |cmd", "' |cmd"],
  ])("prefixes %j with an apostrophe", (input, expected) => {
    expect(neutralizeCell(input)).toBe(expected)
  })

  it("an exported cell comes back as it was through the import's reading of cells", () => {
    for (const text of ["=1+1", "-LOT-1", "|x", "＝1", "@a", "+33"]) {
      expect(stripFormulaGuard(neutralizeCell(text) as string)).toBe(text)
      expect(cellValue(neutralizeCell(text) as string)).toBe(text)
    }
    // An apostrophe the merchant typed before ordinary text stays.
    expect(stripFormulaGuard("'quoted")).toBe("'quoted")
    expect(cellValue("'LOT-1")).toBe("'LOT-1")
  })

  it("leaves ordinary text alone, including formula characters after the first", () => {
    for (const text of ["Camille Martin", "8 rue de Rivoli", "a=b", "LOT-2026-00001", "'quoted", " 12", "", "Zoë @ home", "a|b", " Paris"]) {
      expect(neutralizeCell(text)).toBe(text)
    }
  })

  it("keeps numbers and booleans as values (a negative number is data, not a formula)", () => {
    expect(neutralizeCell(12)).toBe(12)
    expect(neutralizeCell(-3)).toBe(-3)
    expect(neutralizeCell(0)).toBe(0)
    expect(neutralizeCell(true)).toBe(true)
    expect(neutralizeCell(Number.NaN)).toBeNull()
    expect(neutralizeCell(Number.POSITIVE_INFINITY)).toBeNull()
    expect(neutralizeCell(BigInt(7))).toBe("7")
  })

  it("writes empty values as empty cells and dates as ISO text", () => {
    expect(neutralizeCell(null)).toBeNull()
    expect(neutralizeCell(undefined)).toBeNull()
    expect(neutralizeCell(new Date("2026-11-25T10:00:00Z"))).toBe("2026-11-25T10:00:00.000Z")
  })

  it("neutralizes text that only looks like a number when it starts with a sign", () => {
    // Text cells are never coerced: "-5" typed into a name field stays text, made inert.
    expect(neutralizeCell("-5")).toBe("'-5")
    expect(neutralizeCell("5")).toBe("5")
  })

  it("neutralizes every cell of a row, and the CSV a spreadsheet reads has no live formula", () => {
    const row = neutralizeRow(["=cmd|' /C calc'!A0", 3, "Paris", "@x", null])
    expect(row).toEqual(["'=cmd|' /C calc'!A0", 3, "Paris", "'@x", null])
    const csv = stringify([row])
    const cells = csv.trim().split(",")
    for (const cell of cells) {
      expect(cell.replace(/^"/, "")).not.toMatch(/^\s*[=+\-@|\t\r]/)
    }
  })
})

describe("download file names", () => {
  it("keeps letters, digits, dots, dashes and underscores", () => {
    expect(safeFileName("recall-RCL-2026-0001.csv")).toBe("recall-RCL-2026-0001.csv")
    expect(safeFileName("lot-B 1001/A\"; rm -rf.csv")).toBe("lot-B-1001-A-rm-rf.csv")
    expect(safeFileName("trace-Crème-é.csv")).toBe("trace-Creme-e.csv")
  })

  it("never returns an empty or hidden name", () => {
    expect(safeFileName("")).toBe("export.csv")
    expect(safeFileName("///", "x.csv")).toBe("x.csv")
    expect(safeFileName("..csv")).toBe("csv")
  })
})
