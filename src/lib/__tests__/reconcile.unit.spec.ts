import {
  classifyDrift,
  DRIFT_KINDS,
  driftNotice,
  localHour,
  summarizeDrift,
  type DriftInput,
  type LineBooks,
  type OpenFailure,
  type PairBooks,
} from "../reconcile"

const pair = (over: Partial<PairBooks> = {}): PairBooks => ({
  inventory_item_id: "iitem_1",
  location_id: "sloc_1",
  tracked: true,
  level_stocked: 10,
  lot_stocked: 10,
  level_reserved: 3,
  allocated: 3,
  shortfall: 0,
  hold: 0,
  hold_rows: 0,
  order_reserved: 3,
  other_reserved: 0,
  ...over,
})

const line = (over: Partial<LineBooks> = {}): LineBooks => ({
  order_id: "order_1",
  line_item_id: "ordli_1",
  inventory_item_id: "iitem_1",
  location_id: "sloc_1",
  allocated: 3,
  shortfall: 0,
  medusa_reserved: 3,
  order_status: "pending",
  recent: false,
  ...over,
})

const failure = (over: Partial<OpenFailure> = {}): OpenFailure => ({
  id: "lotsyf_1",
  event: "order.placed",
  key: "order_1",
  workflow_id: "allocate-order-lots",
  message: "boom",
  attempts: 1,
  failed_at: "2026-11-30T10:00:00.000Z",
  rerunnable: true,
  ...over,
})

const input = (over: Partial<DriftInput> = {}): DriftInput => ({
  pairs: [pair()],
  lines: [],
  expected_holds: new Map(),
  coverable: new Map(),
  failures: [],
  grace_seconds: 60,
  ...over,
})

const kinds = (list: ReturnType<typeof classifyDrift>) => list.map((d) => [d.kind, d.repairable])

describe("classifyDrift", () => {
  it("finds nothing when both sides agree", () => {
    expect(classifyDrift(input())).toEqual([])
    // Balanced lines (the SQL keeps only differing ones, the rule checks again) are not drift.
    expect(classifyDrift(input({ lines: [line()] }))).toEqual([])
  })

  it("reports lot stock that differs from Medusa's stocked quantity, never as repairable", () => {
    const [more] = classifyDrift(input({ pairs: [pair({ level_stocked: 12 })] }))
    expect(more).toEqual(
      expect.objectContaining({
        kind: "stock_mismatch",
        repairable: false,
        repair: null,
        inventory_item_id: "iitem_1",
        location_id: "sloc_1",
        figures: { level_stocked: 12, lot_stocked: 10, unassigned: 2 },
      })
    )
    expect(more.message).toContain("2 units belong to no lot")
    const [fewer] = classifyDrift(input({ pairs: [pair({ level_stocked: 9 })] }))
    expect(fewer.figures.unassigned).toEqual(-1)
    expect(fewer.message).toContain("1 unit more")
  })

  it("reports reserved units no order line or hold explains (manual reservation, level changed directly)", () => {
    const [manual] = classifyDrift(input({ pairs: [pair({ level_reserved: 5, other_reserved: 2 })] }))
    expect(manual).toEqual(
      expect.objectContaining({
        kind: "reserved_mismatch",
        repairable: false,
        figures: { level_reserved: 5, order_reserved: 3, hold: 0, other_reserved: 2, unexplained: 2 },
      })
    )
    expect(manual.message).toContain("without an order line")
    const [direct] = classifyDrift(input({ pairs: [pair({ level_reserved: 1 })] }))
    expect(direct.figures.unexplained).toEqual(-2)
    expect(direct.message).toContain("differs from its reservations")
  })

  it("explains a line difference at the line, not again at the pair", () => {
    // Medusa reserves 3 for the line; the plugin lost one unit of it: the pair's reserved figures differ by
    // exactly the line's difference, so only the line is listed (repairable).
    const list = classifyDrift(
      input({ pairs: [pair({ allocated: 2 })], lines: [line({ allocated: 2 })] })
    )
    expect(kinds(list)).toEqual([["line_mismatch", true]])
    expect(list[0]).toEqual(
      expect.objectContaining({
        repair: "follow_reservation",
        order_id: "order_1",
        line_item_id: "ordli_1",
        figures: { medusa_reserved: 3, allocated: 2, shortfall: 0, difference: 1 },
      })
    )
    expect(list[0].message).toContain("allocate 1 unit")
  })

  it("calls lots reserved where Medusa reserves nothing orphaned, saying why", () => {
    const [gone] = classifyDrift(input({ pairs: [], lines: [line({ medusa_reserved: 0, shortfall: 1 })] }))
    expect(gone).toEqual(
      expect.objectContaining({
        kind: "orphaned_allocation",
        repairable: true,
        repair: "release",
        figures: { allocated: 3, shortfall: 1, medusa_reserved: 0 },
      })
    )
    expect(gone.message).toContain("Medusa has no reservation for it here")
    const [deleted] = classifyDrift(input({ pairs: [], lines: [line({ medusa_reserved: 0, order_status: "deleted" })] }))
    expect(deleted.message).toContain("the order no longer exists")
    const [canceled] = classifyDrift(input({ pairs: [], lines: [line({ medusa_reserved: 0, order_status: "canceled" })] }))
    expect(canceled.message).toContain("the order is canceled")
  })

  it("leaves lines changed within the grace period, and lines without an order, for later or for staff", () => {
    const list = classifyDrift(
      input({
        pairs: [],
        lines: [
          line({ line_item_id: "ordli_recent", medusa_reserved: 0, recent: true }),
          line({ line_item_id: "ordli_orphan_reservation", order_id: null, allocated: 0, medusa_reserved: 2, order_status: "missing" }),
          line({ line_item_id: "ordli_more", medusa_reserved: 1 }),
        ],
      })
    )
    expect(list.map((d) => [d.kind, d.line_item_id, d.repairable])).toEqual([
      ["orphaned_allocation", "ordli_recent", false],
      ["line_mismatch", "ordli_more", true],
      ["line_mismatch", "ordli_orphan_reservation", false],
    ])
    expect(list[0].message).toContain("less than 60 s ago")
    expect(list[1].message).toContain("release 2 units")
    expect(list[2].message).toContain("no order was found")
  })

  it("compares the hold with the free units of blocked lots, one reservation expected", () => {
    const key = "iitem_1:sloc_1"
    expect(classifyDrift(input({ pairs: [pair({ hold: 4, hold_rows: 1, level_reserved: 7 })], expected_holds: new Map([[key, 4]]) }))).toEqual([])
    const [low] = classifyDrift(input({ pairs: [pair({ hold: 1, hold_rows: 1, level_reserved: 4 })], expected_holds: new Map([[key, 4]]) }))
    expect(low).toEqual(
      expect.objectContaining({ kind: "hold_mismatch", repairable: true, repair: "sync_hold", figures: { hold: 1, expected_hold: 4, hold_rows: 1 } })
    )
    const [twice] = classifyDrift(input({ pairs: [pair({ hold: 4, hold_rows: 2, level_reserved: 7 })], expected_holds: new Map([[key, 4]]) }))
    expect(twice.message).toContain("in 2 reservations")
    // A hold left on an item no longer tracked: only the hold is checked there.
    const untracked = classifyDrift(
      input({ pairs: [pair({ tracked: false, hold: 2, hold_rows: 1, level_stocked: 50, lot_stocked: 0, level_reserved: 9 })] })
    )
    expect(kinds(untracked)).toEqual([["hold_mismatch", true]])
  })

  it("offers shortfalls that eligible stock covers, unless a waiting line there differs from Medusa", () => {
    const key = "iitem_1:sloc_1"
    const covered = classifyDrift(input({ pairs: [pair({ shortfall: 2, allocated: 1 })], coverable: new Map([[key, 2]]) }))
    expect(kinds(covered)).toEqual([["covered_shortfall", true]])
    expect(covered[0].figures).toEqual({ shortfall: 2, coverable: 2 })
    expect(classifyDrift(input({ pairs: [pair({ shortfall: 2, allocated: 1 })], coverable: new Map() }))).toEqual([])

    const blocked = classifyDrift(
      input({
        pairs: [pair({ shortfall: 2, allocated: 1 })],
        lines: [line({ allocated: 0, shortfall: 2, medusa_reserved: 0 })],
        coverable: new Map([[key, 2]]),
      })
    )
    expect(kinds(blocked)).toEqual([
      ["orphaned_allocation", true],
      ["covered_shortfall", false],
    ])
    expect(blocked[1].message).toContain("put right first")
  })

  it("lists failed subscriber runs, repairable when their workflow is registered", () => {
    const list = classifyDrift(input({ failures: [failure(), failure({ id: "lotsyf_2", key: "order_2", rerunnable: false, attempts: 3, workflow_id: "gone" })] }))
    expect(list.map((d) => [d.kind, d.failure_id, d.repairable])).toEqual([
      ["failed_sync", "lotsyf_1", true],
      ["failed_sync", "lotsyf_2", false],
    ])
    expect(list[0].message).toEqual("order.placed for order_1 failed (once, last 2026-11-30T10:00:00.000Z): boom")
    expect(list[1].message).toContain("3 times")
    expect(list[1].message).toContain("gone is not registered")
  })

  it("orders by kind, repairable first, and gives every difference a stable id", () => {
    const list = classifyDrift(
      input({
        pairs: [pair({ level_stocked: 11, hold: 0, hold_rows: 0 })],
        lines: [line({ medusa_reserved: 0 })],
        expected_holds: new Map([["iitem_1:sloc_1", 2]]),
        failures: [failure()],
      })
    )
    expect(list.map((d) => d.kind)).toEqual(["failed_sync", "orphaned_allocation", "hold_mismatch", "stock_mismatch"])
    expect(list.map((d) => d.id)).toEqual([
      "failed_sync:lotsyf_1",
      "orphaned_allocation:ordli_1:iitem_1:sloc_1",
      "hold_mismatch:iitem_1:sloc_1",
      "stock_mismatch:iitem_1:sloc_1",
    ])
  })
})

describe("summarizeDrift and driftNotice", () => {
  it("counts per kind and says what is left", () => {
    const list = classifyDrift(
      input({ pairs: [pair({ level_stocked: 11 })], lines: [line({ medusa_reserved: 0 })], failures: [failure()] })
    )
    const summary = summarizeDrift(list)
    expect(summary.total).toEqual(3)
    expect(summary.repairable).toEqual(2)
    expect(Object.keys(summary.by_kind)).toEqual([...DRIFT_KINDS])
    expect(summary.by_kind.stock_mismatch).toEqual({ count: 1, repairable: 0 })
    expect(summary.by_kind.hold_mismatch).toEqual({ count: 0, repairable: 0 })

    expect(driftNotice([], 4, "2026-11-30")).toBeNull()
    const stock = list.filter((d) => d.kind === "stock_mismatch")
    expect(driftNotice(stock, 2, "2026-11-30")).toEqual({
      title: "Lot books: 1 difference needs attention",
      description: "Reconcile on 2026-11-30 repaired 2 differences; left 1 stock mismatch. See Lots > Reconcile.",
    })
    expect(driftNotice(list, 0, "2026-11-30")!.description).toEqual(
      "Reconcile on 2026-11-30: left 1 failed sync, 1 orphaned allocation, 1 stock mismatch. See Lots > Reconcile."
    )
  })
})

describe("localHour", () => {
  it("reads the hour in the merchant's time zone", () => {
    const instant = new Date("2026-11-30T12:30:00Z")
    expect(localHour(instant, "UTC")).toEqual(12)
    expect(localHour(instant, "Pacific/Kiritimati")).toEqual(2) // UTC+14: 02:30 the next day
    expect(localHour(instant, "America/Los_Angeles")).toEqual(4)
    expect(localHour(new Date("2026-11-30T00:10:00Z"), "UTC")).toEqual(0)
  })
})
