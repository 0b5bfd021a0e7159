import { assignedItem, checkAssignedUnits, planLineAssignment, type AssignableLot } from "../line-assignment"
import { PlanRefusal } from "../plan-refusal"

const today = "2026-11-30"
const lot = (id: string, expires_at: string | null, status: AssignableLot["status"] = "active", inventory_item_id = "inv_1"): AssignableLot => ({
  id,
  inventory_item_id,
  lot_number: id.toUpperCase(),
  status,
  expires_at,
  received_at: "2026-01-01T00:00:00Z",
})

function refusal(fn: () => unknown): PlanRefusal {
  try {
    fn()
  } catch (e) {
    if (e instanceof PlanRefusal) {
      return e
    }
    throw e
  }
  throw new Error("expected a refusal")
}

const base = {
  order_id: "order_1",
  line_item_id: "li_1",
  inventory_item_id: "inv_1",
  actor_id: "user_1",
  policy: { strategy: "fefo" as const, min_shelf_life_days: 10 },
  today,
  reservation: { location_id: "loc_1", quantity: 5 },
  current: [
    { id: "a_1", quantity: 3, location_id: "loc_1" },
    { id: "a_2", quantity: 2, location_id: "loc_2" },
  ],
}

describe("planLineAssignment", () => {
  it("releases the line's reservations, reserves the named lots where Medusa holds the line, and records what is left as shortfall", () => {
    const plan = planLineAssignment({
      ...base,
      named: [
        { lot_id: "b", quantity: 1 },
        { lot_id: "a", quantity: 2 },
      ],
      lots: [lot("a", "2027-01-01"), lot("b", null)],
    })
    const line = { order_id: "order_1", line_item_id: "li_1", inventory_item_id: "inv_1" }
    expect(plan.ops).toEqual([
      { kind: "release", allocation_id: "a_1", quantity: 3, reason: "lots chosen by staff", actor_id: "user_1" },
      { kind: "release", allocation_id: "a_2", quantity: 2, reason: "lots chosen by staff", actor_id: "user_1" },
      { kind: "reserve", ...line, lot_id: "b", location_id: "loc_1", quantity: 1, source: "manual", actor_id: "user_1" },
      { kind: "reserve", ...line, lot_id: "a", location_id: "loc_1", quantity: 2, source: "manual", actor_id: "user_1" },
      { kind: "shortfall", ...line, location_id: "loc_1", quantity: 2 },
    ])
    expect(plan.holds).toEqual([
      { inventory_item_id: "inv_1", location_id: "loc_1" },
      { inventory_item_id: "inv_1", location_id: "loc_2" },
    ])
  })

  it("clears the shortfall when the named lots cover the whole reservation", () => {
    const plan = planLineAssignment({ ...base, current: [], named: [{ lot_id: "a", quantity: 5 }], lots: [lot("a", null)] })
    expect(plan.ops.at(-1)).toMatchObject({ kind: "shortfall", quantity: 0 })
  })

  it.each([
    [lot("a", null, "quarantined"), "Lot A cannot be assigned: quarantined"],
    [lot("a", null, "recalled"), "Lot A cannot be assigned: recalled"],
    [lot("a", "2026-11-29"), "Lot A cannot be assigned: expired"],
    [lot("a", "2026-12-05"), "Lot A cannot be assigned: short shelf life"],
  ])("refuses a lot that may not ship today (%#)", (named, message) => {
    const r = refusal(() => planLineAssignment({ ...base, named: [{ lot_id: "a", quantity: 1 }], lots: [named] }))
    expect(r).toMatchObject({ type: "not_allowed", message })
  })

  it("refuses a lot gone since it was named, and more units than Medusa still reserves", () => {
    expect(refusal(() => planLineAssignment({ ...base, named: [{ lot_id: "a", quantity: 1 }], lots: [] }))).toMatchObject({
      type: "invalid_data",
      message: "Lot a does not exist",
    })
    expect(refusal(() => planLineAssignment({ ...base, named: [{ lot_id: "a", quantity: 6 }], lots: [lot("a", null)] })).message).toBe(
      "The named lots add up to 6 units, but only 5 units of line item li_1 are still to ship"
    )
  })
})

describe("assignedItem and checkAssignedUnits", () => {
  it("names the one item of the lots, or refuses", () => {
    expect(assignedItem([{ lot_id: "a", quantity: 1 }], [lot("a", null)])).toBe("inv_1")
    expect(refusal(() => assignedItem([{ lot_id: "x", quantity: 1 }], [lot("a", null)])).message).toBe("Lot x does not exist")
    expect(
      refusal(() =>
        assignedItem(
          [
            { lot_id: "a", quantity: 1 },
            { lot_id: "b", quantity: 1 },
          ],
          [lot("a", null), lot("b", null, "active", "inv_2")]
        )
      ).message
    ).toBe("All lots named for a line must be lots of the same inventory item")
  })

  it("adds up the named units", () => {
    expect(checkAssignedUnits("li_1", [{ lot_id: "a", quantity: 2 }, { lot_id: "b", quantity: 3 }], 5)).toBe(5)
    expect(refusal(() => checkAssignedUnits("li_1", [{ lot_id: "a", quantity: 6 }], 5)).type).toBe("invalid_data")
  })
})
