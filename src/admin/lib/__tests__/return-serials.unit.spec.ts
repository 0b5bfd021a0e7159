import {
  addReturnSerial,
  checkReturnSerials,
  emptyReturnSerials,
  mapReturnLotErrors,
  returnLineNames,
  returnSerialField,
  returnSerialLots,
  returnSerialMatchers,
} from "../return-serials"

describe("returned units named by serial", () => {
  const entry = (list: string, damaged?: string) => ({ list, damagedOn: damaged !== undefined, damaged: damaged ?? "" })

  it("counts the units back against the units received, damaged ones against the damaged units", () => {
    const ok = checkReturnSerials(entry("SN-1\nSN-2", "SN-3"), { normal: 2, damaged: 1 })
    expect(ok).toEqual({ normal: ["SN-1", "SN-2"], damaged: ["SN-3"], limits: { normal: 2, damaged: 1 }, problems: {} })

    const tooMany = checkReturnSerials(entry("SN-1 SN-2 SN-3", "SN-4 SN-5"), { normal: 2, damaged: 1 })
    expect(tooMany.problems).toEqual({
      normal: "3 serials for 2 units received in good order: remove 1",
      damaged: "2 serials for 1 unit received as damaged: remove 1",
    })
    // Fewer serials than units is fine: the others come back as the plugin picks them.
    expect(checkReturnSerials(entry("SN-1"), { normal: 3, damaged: 0 }).problems).toEqual({})
  })

  it("without a damaged list, the serials name any unit received", () => {
    const check = checkReturnSerials(entry("SN-1\nSN-2"), { normal: 1, damaged: 1 })
    expect([check.limits, check.problems]).toEqual([{ normal: 2, damaged: 0 }, {}])
    // A damaged list typed, then switched off, is not sent.
    expect(checkReturnSerials({ list: "SN-1", damagedOn: false, damaged: "SN-2" }, { normal: 1, damaged: 1 }).damaged).toEqual([])
    expect(checkReturnSerials(entry("", "SN-2"), { normal: 1, damaged: 0 }).problems.damaged).toBe(
      "No unit of this receipt was received as damaged: list these units above"
    )
  })

  it("refuses malformed serials, a serial twice, a serial in both lists", () => {
    expect(checkReturnSerials(entry("SN-1 SN-1"), { normal: 2, damaged: 0 }).problems.normal).toBe("Serial listed twice: SN-1")
    expect(checkReturnSerials(entry("X".repeat(65)), { normal: 2, damaged: 0 }).problems.normal).toMatch(/longer than 64/)
    expect(checkReturnSerials(entry("SN-1 SN-2", "SN-2"), { normal: 2, damaged: 1 }).problems).toEqual({
      damaged: "Listed both as back and as damaged: SN-2",
    })
  })

  it("builds the body entries: the units back, then the damaged ones", () => {
    expect(returnSerialLots("li_1", { normal: ["SN-1"], damaged: ["SN-2"] })).toEqual([
      { line_item_id: "li_1", serial_numbers: ["SN-1"] },
      { line_item_id: "li_1", serial_numbers: ["SN-2"], damaged: true },
    ])
    expect(returnSerialLots("li_1", { normal: [], damaged: [] })).toEqual([])
  })

  it("adds a shipped serial picked from the line to the list chosen, once", () => {
    const e = emptyReturnSerials(true)
    const one = addReturnSerial(e, "SN-1", "normal")
    expect(one.list).toBe("SN-1\n")
    const two = addReturnSerial(one, "SN-2", "damaged")
    expect([two.list, two.damaged]).toEqual(["SN-1\n", "SN-2\n"])
    expect(addReturnSerial(two, "SN-2", "normal")).toBe(two)
    // No damaged list shown: the serial goes to the units back.
    expect(addReturnSerial(emptyReturnSerials(false), "SN-3", "damaged").list).toBe("SN-3\n")
  })

  it("puts each of the API's problems under the list it concerns, ids named", () => {
    const matchers = returnSerialMatchers([
      { line_item_id: "ordli_1", inventory_item_id: "iitem_1", normal: ["SN-1", "SN-10"], damaged: ["SN-2"] },
      { line_item_id: "ordli_2", inventory_item_id: "iitem_2", normal: ["XY-1"], damaged: [] },
    ])
    const names = returnLineNames([
      { line_item_id: "ordli_1", title: "Hair dryer" },
      { line_item_id: "ordli_2", title: null },
    ])
    const mapped = mapReturnLotErrors(
      "Serial SN-10 was not shipped on line item ordli_1; Serial SN-2 is not a known serial; " +
        '2 damaged units were named for line item ordli_1 "Hair dryer", but only 1 damaged are being received; ' +
        "Serial XY-1 is in stock, not out with the customer; Return ret_1 is canceled",
      matchers,
      names
    )
    expect(mapped).toEqual({
      fields: {
        [returnSerialField("ordli_1", "iitem_1", "normal")]: 'Serial SN-10 was not shipped on line "Hair dryer"',
        [returnSerialField("ordli_1", "iitem_1", "damaged")]:
          'Serial SN-2 is not a known serial; 2 damaged units were named for line "Hair dryer", but only 1 damaged are being received',
        [returnSerialField("ordli_2", "iitem_2", "normal")]: "Serial XY-1 is in stock, not out with the customer",
      },
      general: "Return ret_1 is canceled",
    })
    // A count of units back goes under the line's list of units back.
    expect(mapReturnLotErrors('3 units were named for line item ordli_1 "Hair dryer", but only 2 are being received', matchers).fields).toEqual({
      [returnSerialField("ordli_1", "iitem_1", "normal")]: '3 units were named for line item ordli_1 "Hair dryer", but only 2 are being received',
    })
    // Validation messages are split as Medusa joins them.
    expect(mapReturnLotErrors("Invalid request: lots must name at least one lot; other", matchers).general).toBe(
      "lots must name at least one lot; other"
    )
  })
})
