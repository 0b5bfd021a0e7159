import { isTransientFailure, retryDelayMs, transientConflict } from "../transient-failure"

describe("isTransientFailure", () => {
  it("says yes to lock waits that timed out and to PostgreSQL's retryable errors", () => {
    expect(isTransientFailure(new Error("Timed-out acquiring lock."))).toBe(true)
    expect(
      isTransientFailure(new Error("Inventory item iitem_1 is busy with other stock operations (waited 30 s); nothing was changed, please try again"))
    ).toBe(true)
    expect(isTransientFailure(Object.assign(new Error("could not serialize access"), { code: "40001" }))).toBe(true)
    expect(isTransientFailure(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toBe(true)
    expect(isTransientFailure(Object.assign(new Error("could not obtain lock on row"), { code: "55P03" }))).toBe(true)
  })

  it("says no to refusals, bad data and bugs, which fail the same way every time", () => {
    expect(isTransientFailure(new Error("Lot LOT-1 has only 2 units available at location sloc_1; cannot reserve 3"))).toBe(false)
    expect(isTransientFailure(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false)
    expect(isTransientFailure(new TypeError("x is undefined"))).toBe(false)
    expect(isTransientFailure(null)).toBe(false)
  })
})

describe("retryDelayMs", () => {
  it("backs off by four each attempt, capped, with jitter of ±25%", () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, () => 0.5))).toEqual([200, 800, 3200])
    expect(retryDelayMs(9, () => 0.5)).toBe(10_000)
    expect(retryDelayMs(1, () => 0)).toBe(150)
    expect(retryDelayMs(1, () => 1)).toBe(250)
  })
})

describe("transientConflict", () => {
  it("turns a lock time-out or a database conflict into a message to retry, and leaves everything else alone", () => {
    expect(transientConflict(new Error("Timed-out acquiring lock."))).toEqual(
      "Stock records are busy with other operations (a lock wait or a database conflict); nothing was changed, please try again"
    )
    expect(transientConflict(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toMatch(/please try again$/)
    const busy = "Inventory item inv_1 is busy with other stock operations (waited 30 s); nothing was changed, please try again"
    expect(transientConflict(new Error(busy))).toEqual(busy)
    expect(transientConflict(new Error("Lot LOT-1 is recalled"))).toBeNull()
    expect(transientConflict(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBeNull()
    expect(transientConflict(undefined)).toBeNull()
  })
})
