import {
  assignNamedReturnLots,
  inventoryUnits,
  isAmbiguous,
  planReturnReceipt,
  receiptUnits,
  returnLedger,
  type ShippedLot,
} from "../return-lots"

const shipped = (allocation_id: string, lot_id: string, quantity: number, returned_quantity = 0, lot_status: ShippedLot["lot_status"] = "active"): ShippedLot => ({
  allocation_id,
  lot_id,
  lot_number: lot_id.toUpperCase(),
  lot_status,
  quantity,
  returned_quantity,
})
const lots = (plan: ReturnType<typeof planReturnReceipt>) =>
  plan.placements.map((p) => (p.kind === "lot" ? [p.lot_id, p.quantity, p.damaged ? "damaged" : "restock"] : ["awaiting", p.quantity, p.damaged ? "damaged" : "restock", p.reason]))

describe("planReturnReceipt", () => {
  it("puts units back into the one lot the line shipped from", () => {
    expect(lots(planReturnReceipt({ normal: 2, damaged: 0 }, [shipped("a1", "lot-a", 3)]))).toEqual([["lot-a", 2, "restock"]])
  })

  it("goes through several lots in the order they shipped, skipping units already back", () => {
    const plan = planReturnReceipt({ normal: 4, damaged: 0 }, [shipped("a1", "first", 3, 2), shipped("a2", "second", 5)])
    expect(lots(plan)).toEqual([
      ["first", 1, "restock"],
      ["second", 3, "restock"],
    ])
  })

  it("returns into a recalled lot when it is the only lot the line shipped from", () => {
    expect(lots(planReturnReceipt({ normal: 2, damaged: 0 }, [shipped("a1", "rec", 2, 0, "recalled")]))).toEqual([["rec", 2, "restock"]])
  })

  it("lets units await their lot when the line shipped from several lots and one is now recalled or quarantined", () => {
    for (const status of ["recalled", "quarantined"] as const) {
      const plan = planReturnReceipt({ normal: 2, damaged: 1 }, [shipped("a1", "ok", 2), shipped("a2", "bad", 2, 0, status)])
      expect(lots(plan)).toEqual([
        ["awaiting", 2, "restock", "ambiguous"],
        ["awaiting", 1, "damaged", "ambiguous"],
      ])
    }
  })

  it("is not ambiguous once the blocked lot's units are all back", () => {
    const plan = planReturnReceipt({ normal: 1, damaged: 0 }, [shipped("a1", "ok", 2), shipped("a2", "bad", 2, 2, "recalled")])
    expect(lots(plan)).toEqual([["ok", 1, "restock"]])
  })

  it("uses named lots first, restocked units before damaged ones, then the default rule for the rest", () => {
    const plan = planReturnReceipt({ normal: 2, damaged: 2 }, [shipped("a1", "first", 2), shipped("a2", "second", 3)], [{ lot_id: "second", quantity: 3 }])
    expect(lots(plan)).toEqual([
      ["second", 2, "restock"],
      ["second", 1, "damaged"],
      ["first", 1, "damaged"],
    ])
    expect(plan.placements.filter((p) => p.kind === "lot" && p.named)).toHaveLength(2)
    expect(plan.unused_named).toEqual([])
  })

  it("keeps a named lot to damaged units when asked, and reports names it cannot use", () => {
    const plan = planReturnReceipt({ normal: 1, damaged: 1 }, [shipped("a1", "first", 1), shipped("a2", "second", 1)], [
      { lot_id: "second", quantity: 2, damaged: true },
    ])
    expect(lots(plan)).toEqual([
      ["second", 1, "damaged"],
      ["first", 1, "restock"],
    ])
    expect(plan.unused_named).toEqual([{ lot_id: "second", quantity: 1 }])
  })

  it("names lift the ambiguity: the named units go to their lot, only the rest awaits", () => {
    const plan = planReturnReceipt({ normal: 3, damaged: 0 }, [shipped("a1", "ok", 2), shipped("a2", "bad", 2, 0, "recalled")], [{ lot_id: "bad", quantity: 2 }])
    expect(lots(plan)).toEqual([
      ["bad", 2, "restock"],
      ["ok", 1, "restock"],
    ])
  })

  it("lets units no shipped lot accounts for await their lot", () => {
    expect(lots(planReturnReceipt({ normal: 3, damaged: 0 }, [shipped("a1", "only", 1)]))).toEqual([
      ["only", 1, "restock"],
      ["awaiting", 2, "restock", "no_lot"],
    ])
    expect(lots(planReturnReceipt({ normal: 1, damaged: 0 }, []))).toEqual([["awaiting", 1, "restock", "no_lot"]])
  })

  it("isAmbiguous needs two lots and a blocked one", () => {
    expect(isAmbiguous([shipped("a", "x", 1, 0, "recalled")])).toBe(false)
    expect(isAmbiguous([shipped("a", "x", 1), shipped("b", "y", 1)])).toBe(false)
    expect(isAmbiguous([shipped("a", "x", 1), shipped("b", "y", 1, 0, "quarantined")])).toBe(true)
  })
})

describe("assignNamedReturnLots", () => {
  const describeLine = { line: "line item li_1", what: "are being received" }
  const rows = [shipped("a1", "first", 2, 1), shipped("a2", "second", 3)]

  it("assigns valid names", () => {
    const { picks, problems } = assignNamedReturnLots({ normal: 2, damaged: 1 }, rows, [
      { lot_id: "second", quantity: 2 },
      { lot_id: "first", quantity: 1, damaged: true },
    ], describeLine)
    expect(problems).toEqual([])
    expect(picks).toEqual([
      { allocation_id: "a1", lot_id: "first", quantity: 1, damaged: true },
      { allocation_id: "a2", lot_id: "second", quantity: 2, damaged: false },
    ])
  })

  it("refuses a lot that did not ship to the line, more than the lot has out, and more than is received", () => {
    expect(assignNamedReturnLots({ normal: 5, damaged: 0 }, rows, [{ lot_id: "other", quantity: 1 }], describeLine).problems).toEqual([
      "Lot other did not ship to line item li_1",
    ])
    expect(assignNamedReturnLots({ normal: 5, damaged: 0 }, rows, [{ lot_id: "first", quantity: 2 }], describeLine).problems).toEqual([
      "Lot FIRST shipped 2 units to line item li_1 and 1 of them are not back yet; 2 were named",
    ])
    expect(assignNamedReturnLots({ normal: 1, damaged: 0 }, rows, [{ lot_id: "second", quantity: 2 }], describeLine).problems).toEqual([
      "2 units were named for line item li_1, but only 1 are being received",
    ])
    expect(assignNamedReturnLots({ normal: 3, damaged: 0 }, rows, [{ lot_id: "second", quantity: 1, damaged: true }], describeLine).problems).toEqual([
      "1 damaged units were named for line item li_1, but only 0 damaged are being received",
    ])
  })
})

describe("receipt units and the return ledger", () => {
  it("counts received and damaged units per line from the receipt's actions", () => {
    const units = receiptUnits([
      { action: "RECEIVE_RETURN_ITEM", details: { reference_id: "li_1", quantity: 2 } },
      { action: "RECEIVE_DAMAGED_RETURN_ITEM", details: { reference_id: "li_1", quantity: 1 } },
      { action: "RECEIVE_RETURN_ITEM", details: { reference_id: "li_2", quantity: "3" } },
      { action: "RETURN_ITEM", details: { reference_id: "li_1", quantity: 9 } },
    ])
    expect(Object.fromEntries(units)).toEqual({ li_1: { normal: 2, damaged: 1 }, li_2: { normal: 3, damaged: 0 } })
    expect(inventoryUnits({ normal: 2, damaged: 1 }, 2)).toEqual({ normal: 4, damaged: 2 })
  })

  it("knows per receipt what was placed, what awaits its lot, and what confirmations moved", () => {
    const m = (type: string, quantity: number, metadata: Record<string, unknown>, lot_id = "lot-a") => ({
      lot_id,
      inventory_item_id: "inv",
      location_id: "loc",
      type,
      quantity,
      metadata: { line_item_id: "li", ...metadata },
    })
    const ledger = returnLedger([
      m("returned", 2, { order_change_id: "c1", units: 2 }),
      m("return_damaged", 0, { order_change_id: "c1", units: 1, damaged: true }),
      m("return_awaiting_lot", 3, { order_change_id: "c2", units: 3, damaged: false }, "awaiting"),
      m("return_awaiting_lot", 0, { order_change_id: "c2", units: 1, damaged: true }, "awaiting"),
      m("return_lot_confirmed", -2, { units: 2, damaged: false }, "awaiting"),
      m("returned", 2, { units: 2, confirmed_from_lot_id: "awaiting" }),
      m("returned", 4, {}),
    ])
    expect(ledger.placed("c1", "li", "inv", false)).toEqual(2)
    expect(ledger.placed("c1", "li", "inv", true)).toEqual(1)
    expect(ledger.placed("c2", "li", "inv", false)).toEqual(3)
    expect(ledger.placed("c2", "li", "inv", true)).toEqual(1)
    expect(ledger.awaiting("li", "inv")).toEqual({ normal: 1, damaged: 1, lot_id: "awaiting", location_id: "loc" })
    expect(ledger.legacy("li", "inv")).toEqual(4)
    expect(ledger.awaiting("li", "other")).toBeNull()
  })
})
