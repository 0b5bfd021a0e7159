import {
  appendSerial,
  parseSerialList,
  serialCountHint,
  serialCountText,
  serialListProblem,
  serialStatus,
  serialsQuery,
  stockOutSerials,
} from "../serials"

describe("serials as staff type, scan and paste them", () => {
  it("splits a list on line breaks, commas, semicolons, tabs and blanks; trims; drops empties", () => {
    expect(parseSerialList("SN-1\nSN-2\r\n\n  SN-3  \n")).toEqual(["SN-1", "SN-2", "SN-3"])
    expect(parseSerialList("SN-1, SN-2;SN-3\tSN-4 SN-5")).toEqual(["SN-1", "SN-2", "SN-3", "SN-4", "SN-5"])
    expect(parseSerialList(" \n ,, \n")).toEqual([])
  })

  it("reads a whole GS1 unit label scanned into the list as its serial (AI 21)", () => {
    expect(parseSerialList("SN-1\n(01)03453120000011(10)LOT-7(21)SN-2\n]d2010345312000001110LOT-7\u001d21SN-3")).toEqual([
      "SN-1",
      "SN-2",
      "SN-3",
    ])
    // A GS1 code without a serial is kept as typed (the count and the API say it is wrong).
    expect(parseSerialList("(01)03453120000011(10)LOT-7")).toEqual(["(01)03453120000011(10)LOT-7"])
  })

  it("appends a scanned serial on a line of its own", () => {
    expect(appendSerial("", "SN-1")).toBe("SN-1\n")
    expect(appendSerial("SN-1", "SN-2")).toBe("SN-1\nSN-2\n")
    expect(appendSerial("SN-1\n\n  ", "SN-2")).toBe("SN-1\nSN-2\n")
  })

  it("finds malformed and repeated serials before sending", () => {
    expect(serialListProblem(["SN-1", "SN-2"])).toBeNull()
    expect(serialListProblem(["SN-1", "SN-2", "SN-1"])).toBe("Serial listed twice: SN-1")
    expect(serialListProblem(["A", "B", "A", "B"])).toBe("Serials listed twice: A, B")
    expect(serialListProblem(["X".repeat(65)])).toMatch(/longer than 64 characters/)
  })

  it("counts serials against the quantity and says what is missing or too much", () => {
    expect(serialCountText(3, 5)).toBe("3 of 5 serials")
    expect(serialCountText(1, 1)).toBe("1 of 1 serial")
    expect(serialCountText(2, null)).toBe("2 serials")
    expect(serialCountHint(3, 5)).toBe("2 more serials needed: one per unit")
    expect(serialCountHint(6, 5)).toBe("1 serial more than the quantity: remove it or raise the quantity")
    expect(serialCountHint(5, 5)).toBeNull()
    expect(serialCountHint(0, 5)).toBeNull()
  })

  it("labels statuses, unknown ones readably", () => {
    expect(serialStatus("in_stock")).toMatchObject({ label: "In stock", color: "green" })
    expect(serialStatus("lost_in_space")).toEqual({ label: "lost in space", color: "grey" })
  })

  it("builds the GET /admin/serials query of the list page", () => {
    expect(serialsQuery({}, "  SN-2026 ", { pageIndex: 2, pageSize: 20 })).toEqual({ limit: 20, offset: 40, q: "SN-2026" })
    expect(serialsQuery({ status: ["shipped", "returned"], location_id: "sloc_1" }, "", { pageIndex: 0, pageSize: 20 })).toEqual({
      limit: 20,
      offset: 0,
      q: undefined,
      status: ["shipped", "returned"],
      location_id: "sloc_1",
    })
    expect(serialsQuery({ status: [] }, "", { pageIndex: 0, pageSize: 20 })).not.toHaveProperty("status")
  })

  it("names the units a serialized lot gives up (write-off, transfer): one at least, no more than in stock", () => {
    expect(stockOutSerials("SN-1\nSN-2", 5)).toEqual({ serials: ["SN-1", "SN-2"], problem: null })
    expect(stockOutSerials("  ", 5).problem).toBe("Name the serial of each unit: scan, type or paste them")
    expect(stockOutSerials("SN-1 SN-1", 5).problem).toBe("Serial listed twice: SN-1")
    expect(stockOutSerials("SN-1 SN-2 SN-3", 2).problem).toBe("3 serials for 2 units in stock here")
    expect(stockOutSerials("SN-1 SN-2 SN-3", null).problem).toBeNull()
  })
})
