import { addDays } from "../calendar-date"
import {
  CandidateLot,
  chooseLots,
  LotChoicePolicy,
  lotIneligibility,
  orderCandidates,
} from "../lot-choice"

const TODAY = "2026-06-30"
const FEFO: LotChoicePolicy = { strategy: "fefo", min_shelf_life_days: 0 }
const FIFO: LotChoicePolicy = { strategy: "fifo", min_shelf_life_days: 0 }

function lot(id: string, overrides: Partial<CandidateLot> = {}): CandidateLot {
  return {
    lot_id: id,
    lot_number: `LOT-${id}`,
    status: "active",
    expires_at: "2027-01-01",
    received_at: "2026-01-01T00:00:00Z",
    available: 10,
    ...overrides,
  }
}

const ids = (lots: { lot_id: string }[]) => lots.map((l) => l.lot_id)

describe("orderCandidates", () => {
  it("FEFO puts the earliest expiry first and lots without expiry last", () => {
    const lots = [
      lot("none", { expires_at: null, received_at: "2020-01-01T00:00:00Z" }),
      lot("late", { expires_at: "2027-12-31" }),
      lot("early", { expires_at: "2026-08-01" }),
      lot("mid", { expires_at: "2027-03-15" }),
    ]
    expect(ids(orderCandidates(lots, "fefo"))).toEqual(["early", "mid", "late", "none"])
  })

  it("FEFO breaks expiry ties by received_at, then lot_number, then lot_id", () => {
    const lots = [
      lot("d", { lot_number: "B", received_at: "2026-02-01T00:00:00Z" }),
      lot("c", { lot_number: "A", received_at: "2026-02-01T00:00:00Z" }),
      lot("b2", { lot_number: "A", received_at: "2026-02-01T00:00:00Z" }),
      lot("a", { lot_number: "Z", received_at: "2026-01-15T00:00:00Z" }),
    ]
    expect(ids(orderCandidates(lots, "fefo"))).toEqual(["a", "b2", "c", "d"])
  })

  it("FEFO orders several lots without expiry among themselves by received_at", () => {
    const lots = [
      lot("n2", { expires_at: null, received_at: "2026-03-01T00:00:00Z" }),
      lot("n1", { expires_at: null, received_at: "2026-02-01T00:00:00Z" }),
      lot("dated", { expires_at: "2099-12-31", received_at: "2026-04-01T00:00:00Z" }),
    ]
    expect(ids(orderCandidates(lots, "fefo"))).toEqual(["dated", "n1", "n2"])
  })

  it("FIFO puts the earliest received first whatever the expiry, ties by lot_number then lot_id", () => {
    const lots = [
      lot("soon", { expires_at: "2026-07-01", received_at: "2026-05-01T00:00:00Z" }),
      lot("old", { expires_at: null, received_at: "2025-11-01T00:00:00Z" }),
      lot("y", { lot_number: "L2", received_at: "2026-03-01T00:00:00Z" }),
      lot("x", { lot_number: "L1", received_at: "2026-03-01T00:00:00Z" }),
      lot("w", { lot_number: "L1", received_at: "2026-03-01T00:00:00Z" }),
    ]
    expect(ids(orderCandidates(lots, "fifo"))).toEqual(["old", "w", "x", "y", "soon"])
  })

  it("compares received_at as instants, whether Date or string in any offset", () => {
    const lots = [
      // 2026-03-01T01:00+02:00 is 2026-02-28T23:00Z: earlier than the Date below.
      lot("later", { received_at: new Date("2026-03-01T00:00:00Z") }),
      lot("earlier", { received_at: "2026-03-01T01:00:00+02:00" }),
    ]
    expect(ids(orderCandidates(lots, "fifo"))).toEqual(["earlier", "later"])
  })

  it("compares lot numbers by code unit, not by locale", () => {
    const lots = [lot("1", { lot_number: "a" }), lot("2", { lot_number: "B" })]
    // "B" (0x42) < "a" (0x61), while a locale compare would put "a" first.
    expect(ids(orderCandidates(lots, "fifo"))).toEqual(["2", "1"])
  })

  it("returns a new array and leaves the input untouched", () => {
    const lots = [lot("b", { expires_at: "2027-02-01" }), lot("a", { expires_at: "2027-01-01" })]
    const snapshot = JSON.parse(JSON.stringify(lots))
    const ordered = orderCandidates(lots, "fefo")
    expect(ordered).not.toBe(lots)
    expect(ids(ordered)).toEqual(["a", "b"])
    expect(JSON.parse(JSON.stringify(lots))).toEqual(snapshot)
  })

  it("gives the same order whatever the input order", () => {
    const lots = [
      lot("a", { expires_at: "2027-01-01", lot_number: "X" }),
      lot("b", { expires_at: "2027-01-01", lot_number: "X" }),
      lot("c", { expires_at: null }),
      lot("d", { expires_at: "2026-12-01" }),
    ]
    const expected = ids(orderCandidates(lots, "fefo"))
    expect(ids(orderCandidates([...lots].reverse(), "fefo"))).toEqual(expected)
    expect(ids(orderCandidates([lots[2], lots[0], lots[3], lots[1]], "fefo"))).toEqual(expected)
    expect(expected).toEqual(["d", "a", "b", "c"])
  })

  it("rejects an unknown strategy, a bad received_at and a malformed expires_at", () => {
    expect(() => orderCandidates([lot("a")], "lifo" as any)).toThrow(/Unknown lot strategy "lifo"/)
    expect(() => orderCandidates([lot("a", { received_at: "not a date" })], "fifo")).toThrow(
      /invalid received_at/
    )
    expect(() => orderCandidates([lot("a", { expires_at: "31/12/2026" })], "fefo")).toThrow(
      /invalid expires_at/
    )
  })
})

describe("lotIneligibility", () => {
  it("accepts an active, in-date lot with stock", () => {
    expect(lotIneligibility(lot("a"), FEFO, TODAY)).toBeNull()
    expect(lotIneligibility(lot("a", { expires_at: null }), { strategy: "fefo", min_shelf_life_days: 9999 }, TODAY)).toBeNull()
  })

  it("names each reason", () => {
    expect(lotIneligibility(lot("a", { status: "quarantined" }), FEFO, TODAY)).toBe("quarantined")
    expect(lotIneligibility(lot("a", { status: "recalled" }), FEFO, TODAY)).toBe("recalled")
    expect(lotIneligibility(lot("a", { expires_at: "2026-06-29" }), FEFO, TODAY)).toBe("expired")
    expect(
      lotIneligibility(lot("a", { expires_at: "2026-07-05" }), { strategy: "fefo", min_shelf_life_days: 30 }, TODAY)
    ).toBe("short_shelf_life")
    expect(lotIneligibility(lot("a", { available: 0 }), FEFO, TODAY)).toBe("no_stock")
  })

  it("gives the most telling reason when several apply: status, then expiry, then stock", () => {
    expect(lotIneligibility(lot("a", { status: "recalled", expires_at: "2020-01-01", available: 0 }), FEFO, TODAY)).toBe(
      "recalled"
    )
    expect(lotIneligibility(lot("a", { status: "quarantined", available: 0 }), FEFO, TODAY)).toBe("quarantined")
    expect(
      lotIneligibility(lot("a", { expires_at: "2020-01-01", available: 0 }), { strategy: "fefo", min_shelf_life_days: 30 }, TODAY)
    ).toBe("expired")
    expect(
      lotIneligibility(lot("a", { expires_at: "2026-07-01", available: 0 }), { strategy: "fefo", min_shelf_life_days: 30 }, TODAY)
    ).toBe("short_shelf_life")
  })

  it("keeps a lot expiring today eligible with no minimum shelf life, and refuses one that expired yesterday", () => {
    expect(lotIneligibility(lot("a", { expires_at: TODAY }), FEFO, TODAY)).toBeNull()
    expect(lotIneligibility(lot("a", { expires_at: addDays(TODAY, -1) }), FEFO, TODAY)).toBe("expired")
  })

  it("accepts exactly the minimum shelf life left and refuses one day less", () => {
    const policy: LotChoicePolicy = { strategy: "fefo", min_shelf_life_days: 30 }
    expect(lotIneligibility(lot("a", { expires_at: addDays(TODAY, 30) }), policy, TODAY)).toBeNull()
    expect(lotIneligibility(lot("a", { expires_at: addDays(TODAY, 29) }), policy, TODAY)).toBe("short_shelf_life")
    // A lot expiring today has 0 days left: fine only when no minimum is required.
    expect(lotIneligibility(lot("a", { expires_at: TODAY }), { strategy: "fefo", min_shelf_life_days: 1 }, TODAY)).toBe(
      "short_shelf_life"
    )
  })
})

describe("chooseLots", () => {
  it("takes the whole line from the first lot when it is enough", () => {
    const result = chooseLots(
      4,
      [lot("late", { expires_at: "2027-06-01" }), lot("early", { expires_at: "2026-12-01" })],
      FEFO,
      TODAY
    )
    expect(result).toEqual({
      picks: [{ lot_id: "early", lot_number: "LOT-early", quantity: 4 }],
      shortfall: 0,
      skipped: [],
    })
  })

  it("splits a line across lots in strategy order when one is not enough", () => {
    const lots = [
      lot("c", { expires_at: "2027-03-01", available: 50 }),
      lot("a", { expires_at: "2026-09-01", available: 3 }),
      lot("b", { expires_at: "2026-12-01", available: 5 }),
    ]
    const result = chooseLots(10, lots, FEFO, TODAY)
    expect(result.picks).toEqual([
      { lot_id: "a", lot_number: "LOT-a", quantity: 3 },
      { lot_id: "b", lot_number: "LOT-b", quantity: 5 },
      { lot_id: "c", lot_number: "LOT-c", quantity: 2 },
    ])
    expect(result.shortfall).toBe(0)
  })

  it("follows FIFO when the policy says so, even if a later lot expires sooner", () => {
    const lots = [
      lot("new", { received_at: "2026-05-01T00:00:00Z", expires_at: "2026-08-01", available: 5 }),
      lot("old", { received_at: "2026-01-01T00:00:00Z", expires_at: "2027-08-01", available: 5 }),
    ]
    expect(chooseLots(7, lots, FIFO, TODAY).picks).toEqual([
      { lot_id: "old", lot_number: "LOT-old", quantity: 5 },
      { lot_id: "new", lot_number: "LOT-new", quantity: 2 },
    ])
    expect(chooseLots(7, lots, FEFO, TODAY).picks).toEqual([
      { lot_id: "new", lot_number: "LOT-new", quantity: 5 },
      { lot_id: "old", lot_number: "LOT-old", quantity: 2 },
    ])
  })

  it("covers a line exactly with all the stock there is, without a zero pick after it", () => {
    const lots = [
      lot("a", { expires_at: "2026-09-01", available: 4 }),
      lot("b", { expires_at: "2026-10-01", available: 6 }),
      lot("c", { expires_at: "2026-11-01", available: 8 }),
    ]
    const result = chooseLots(10, lots, FEFO, TODAY)
    expect(result.picks).toEqual([
      { lot_id: "a", lot_number: "LOT-a", quantity: 4 },
      { lot_id: "b", lot_number: "LOT-b", quantity: 6 },
    ])
    expect(result.shortfall).toBe(0)
    expect(result.picks.every((p) => p.quantity > 0)).toBe(true)
  })

  it("reports the shortfall when the eligible lots cannot cover the line", () => {
    const lots = [
      lot("a", { available: 2 }),
      lot("b", { available: 3, expires_at: "2027-02-01" }),
      lot("bad", { status: "recalled", available: 100 }),
    ]
    const result = chooseLots(9, lots, FEFO, TODAY)
    expect(result.picks).toEqual([
      { lot_id: "a", lot_number: "LOT-a", quantity: 2 },
      { lot_id: "b", lot_number: "LOT-b", quantity: 3 },
    ])
    expect(result.shortfall).toBe(4)
    expect(result.skipped).toEqual([{ lot_id: "bad", lot_number: "LOT-bad", reason: "recalled" }])
  })

  it("reports the whole quantity as shortfall when there are no candidates", () => {
    expect(chooseLots(5, [], FEFO, TODAY)).toEqual({ picks: [], shortfall: 5, skipped: [] })
  })

  it("skips each kind of ineligible lot with its reason, in strategy order, and picks the rest", () => {
    const policy: LotChoicePolicy = { strategy: "fefo", min_shelf_life_days: 30 }
    const lots = [
      lot("ok", { expires_at: "2027-01-01", available: 10 }),
      lot("quar", { status: "quarantined", expires_at: "2026-10-01" }),
      lot("rec", { status: "recalled", expires_at: "2026-10-02" }),
      lot("exp", { expires_at: "2026-06-29" }),
      lot("short", { expires_at: "2026-07-15" }),
      lot("empty", { expires_at: "2026-11-01", available: 0 }),
    ]
    const result = chooseLots(5, lots, policy, TODAY)
    expect(result.picks).toEqual([{ lot_id: "ok", lot_number: "LOT-ok", quantity: 5 }])
    expect(result.shortfall).toBe(0)
    expect(result.skipped).toEqual([
      { lot_id: "exp", lot_number: "LOT-exp", reason: "expired" },
      { lot_id: "short", lot_number: "LOT-short", reason: "short_shelf_life" },
      { lot_id: "quar", lot_number: "LOT-quar", reason: "quarantined" },
      { lot_id: "rec", lot_number: "LOT-rec", reason: "recalled" },
      { lot_id: "empty", lot_number: "LOT-empty", reason: "no_stock" },
    ])
  })

  it("lists ineligible lots even when the line was covered before reaching them", () => {
    const lots = [lot("first", { expires_at: "2026-08-01" }), lot("q", { status: "quarantined", expires_at: "2027-08-01" })]
    const result = chooseLots(1, lots, FEFO, TODAY)
    expect(ids(result.picks)).toEqual(["first"])
    expect(result.skipped).toEqual([{ lot_id: "q", lot_number: "LOT-q", reason: "quarantined" }])
  })

  it("picks a lot on its expiry day when no minimum shelf life is set, but not one expired yesterday", () => {
    const lots = [
      lot("yesterday", { expires_at: addDays(TODAY, -1), available: 5 }),
      lot("today", { expires_at: TODAY, available: 5 }),
    ]
    const result = chooseLots(3, lots, FEFO, TODAY)
    expect(result.picks).toEqual([{ lot_id: "today", lot_number: "LOT-today", quantity: 3 }])
    expect(result.skipped).toEqual([{ lot_id: "yesterday", lot_number: "LOT-yesterday", reason: "expired" }])
  })

  it("picks a lot with exactly the minimum shelf life left, but not one with a day less", () => {
    const policy: LotChoicePolicy = { strategy: "fefo", min_shelf_life_days: 90 }
    const lots = [
      lot("89", { expires_at: addDays(TODAY, 89), available: 5 }),
      lot("90", { expires_at: addDays(TODAY, 90), available: 5 }),
    ]
    const result = chooseLots(5, lots, policy, TODAY)
    expect(result.picks).toEqual([{ lot_id: "90", lot_number: "LOT-90", quantity: 5 }])
    expect(result.skipped).toEqual([{ lot_id: "89", lot_number: "LOT-89", reason: "short_shelf_life" }])
  })

  it("never takes from a lot with zero available and never returns a zero pick", () => {
    const lots = [lot("zero", { expires_at: "2026-07-10", available: 0 }), lot("some", { available: 2 })]
    const result = chooseLots(5, lots, FEFO, TODAY)
    expect(result.picks).toEqual([{ lot_id: "some", lot_number: "LOT-some", quantity: 2 }])
    expect(result.shortfall).toBe(3)
    expect(result.skipped).toEqual([{ lot_id: "zero", lot_number: "LOT-zero", reason: "no_stock" }])
  })

  it.each([0, -1, 1.5, NaN, Infinity, "3" as any, null as any, undefined as any])(
    "refuses quantity %p",
    (quantity) => {
      expect(() => chooseLots(quantity, [lot("a")], FEFO, TODAY)).toThrow(
        /Quantity to allocate must be a positive integer/
      )
    }
  )

  it("throws a plain Error (not a framework error) on bad input", () => {
    let thrown: unknown
    try {
      chooseLots(0, [], FEFO, TODAY)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(Error)
    expect((thrown as Error).constructor).toBe(Error)
  })

  it.each([-1, 2.5, NaN, Infinity])("refuses a candidate whose available is %p", (available) => {
    expect(() => chooseLots(1, [lot("a"), lot("b", { available })], FEFO, TODAY)).toThrow(
      /Lot LOT-b \(b\) has an invalid available quantity/
    )
  })

  it("refuses the same lot twice, a malformed today and a bad minimum shelf life", () => {
    expect(() => chooseLots(1, [lot("a"), lot("a")], FEFO, TODAY)).toThrow(/appears more than once/)
    expect(() => chooseLots(1, [lot("a")], FEFO, "2026-6-30")).toThrow(/today must be a calendar date/)
    expect(() => chooseLots(1, [lot("a")], { strategy: "fefo", min_shelf_life_days: -1 }, TODAY)).toThrow(
      /min_shelf_life_days must be an integer >= 0/
    )
    expect(() => chooseLots(1, [lot("a")], { strategy: "fefo", min_shelf_life_days: 1.5 }, TODAY)).toThrow(
      /min_shelf_life_days/
    )
  })

  it("does not mutate its input and gives the same answer twice", () => {
    const lots = [
      lot("b", { expires_at: "2027-02-01", available: 3, received_at: new Date("2026-02-01T00:00:00Z") }),
      lot("a", { expires_at: "2027-01-01", available: 2 }),
      lot("q", { status: "quarantined" }),
    ]
    const before = lots.map((l) => ({ ...l }))
    const orderBefore = ids(lots)
    const first = chooseLots(4, lots, FEFO, TODAY)
    const second = chooseLots(4, lots, FEFO, TODAY)
    expect(second).toEqual(first)
    expect(ids(lots)).toEqual(orderBefore)
    expect(lots).toEqual(before)
    expect(first.picks).toEqual([
      { lot_id: "a", lot_number: "LOT-a", quantity: 2 },
      { lot_id: "b", lot_number: "LOT-b", quantity: 2 },
    ])
  })
})

describe("chooseLots invariants over random inputs", () => {
  // mulberry32: a tiny seeded PRNG, so a failure reproduces from its seed.
  function mulberry32(seed: number): () => number {
    let a = seed >>> 0
    return () => {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  function randomCase(seed: number) {
    const rand = mulberry32(seed)
    const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1))
    function pick<T>(items: readonly T[]): T {
      return items[int(0, items.length - 1)]
    }
    const count = int(0, 8)
    const candidates: CandidateLot[] = []
    for (let i = 0; i < count; i++) {
      candidates.push({
        lot_id: `lot_${seed}_${i}`,
        // Few distinct values so that ties actually happen.
        lot_number: pick(["A", "B", "C"]),
        status: pick(["active", "active", "active", "quarantined", "recalled"] as const),
        expires_at: rand() < 0.2 ? null : addDays(TODAY, int(-5, 60)),
        received_at: rand() < 0.5
          ? new Date(Date.UTC(2026, 0, int(1, 4)))
          : new Date(Date.UTC(2026, 0, int(1, 4))).toISOString(),
        available: rand() < 0.2 ? 0 : int(1, 20),
      })
    }
    const policy: LotChoicePolicy = {
      strategy: pick(["fefo", "fifo"] as const),
      min_shelf_life_days: pick([0, 0, 7, 30]),
    }
    return { quantity: int(1, 60), candidates, policy }
  }

  const seeds = Array.from({ length: 400 }, (_, i) => i + 1)

  it("hold for 400 seeded cases", () => {
    let sawSplit = false
    let sawShortfall = false
    let sawSkip = false
    for (const seed of seeds) {
      const { quantity, candidates, policy } = randomCase(seed)
      const snapshot = JSON.stringify(candidates)
      const result = chooseLots(quantity, candidates, policy, TODAY)
      const ctx = `seed ${seed}`

      // Input untouched; same input, same output.
      expect(JSON.stringify(candidates)).toBe(snapshot)
      expect(chooseLots(quantity, candidates, policy, TODAY)).toEqual(result)

      // Everything is accounted for.
      const picked = result.picks.reduce((sum, p) => sum + p.quantity, 0)
      expect([ctx, picked + result.shortfall]).toEqual([ctx, quantity])
      expect(result.shortfall).toBeGreaterThanOrEqual(0)

      const byId = new Map(candidates.map((c) => [c.lot_id, c]))
      const ordered = ids(orderCandidates(candidates, policy.strategy))
      const eligible = candidates.filter((c) => lotIneligibility(c, policy, TODAY) === null)
      const eligibleTotal = eligible.reduce((sum, c) => sum + c.available, 0)

      // Shortfall is exactly what eligible stock cannot cover.
      expect([ctx, result.shortfall]).toEqual([ctx, Math.max(0, quantity - eligibleTotal)])

      let lastIndex = -1
      result.picks.forEach((p, i) => {
        const c = byId.get(p.lot_id)!
        expect(c).toBeDefined()
        expect(p.lot_number).toBe(c.lot_number)
        expect(p.quantity).toBeGreaterThan(0)
        expect(Number.isInteger(p.quantity)).toBe(true)
        expect(p.quantity).toBeLessThanOrEqual(c.available)
        expect([ctx, lotIneligibility(c, policy, TODAY)]).toEqual([ctx, null])
        // Strategy order, each lot once.
        const index = ordered.indexOf(p.lot_id)
        expect(index).toBeGreaterThan(lastIndex)
        lastIndex = index
        // Only the last pick may be partial.
        if (i < result.picks.length - 1) {
          expect([ctx, p.quantity]).toEqual([ctx, c.available])
        }
      })

      // Greedy: no eligible lot earlier in the order than the last pick was passed over.
      const passedOver = ordered
        .slice(0, lastIndex + 1)
        .filter((id) => lotIneligibility(byId.get(id)!, policy, TODAY) === null)
      expect([ctx, passedOver]).toEqual([ctx, ids(result.picks)])

      // Skipped is exactly the ineligible lots, with the reason lotIneligibility gives, in order.
      const expectedSkipped = orderCandidates(candidates, policy.strategy)
        .map((c) => ({ lot_id: c.lot_id, lot_number: c.lot_number, reason: lotIneligibility(c, policy, TODAY) }))
        .filter((s) => s.reason !== null)
      expect([ctx, result.skipped]).toEqual([ctx, expectedSkipped])

      sawSplit ||= result.picks.length > 1
      sawShortfall ||= result.shortfall > 0
      sawSkip ||= result.skipped.length > 0
    }
    // The generator really exercises the interesting paths.
    expect([sawSplit, sawShortfall, sawSkip]).toEqual([true, true, true])
  })

  it("orderCandidates yields a total order consistent with the strategy on random inputs", () => {
    for (const seed of seeds) {
      const { candidates, policy } = randomCase(seed)
      const ordered = orderCandidates(candidates, policy.strategy)
      expect(ordered).toHaveLength(candidates.length)
      expect(new Set(ids(ordered))).toEqual(new Set(ids(candidates)))
      for (let i = 1; i < ordered.length; i++) {
        const a = ordered[i - 1]
        const b = ordered[i]
        const ra = new Date(a.received_at).getTime()
        const rb = new Date(b.received_at).getTime()
        if (policy.strategy === "fefo") {
          // Null expiry never precedes a dated lot; dated lots ascend.
          expect(a.expires_at === null && b.expires_at !== null).toBe(false)
          if (a.expires_at !== null && b.expires_at !== null) {
            expect(a.expires_at <= b.expires_at).toBe(true)
          }
          if (a.expires_at === b.expires_at) {
            expect(ra).toBeLessThanOrEqual(rb)
          }
        } else {
          expect(ra).toBeLessThanOrEqual(rb)
        }
        const sameKey =
          ra === rb && (policy.strategy === "fifo" || a.expires_at === b.expires_at)
        if (sameKey) {
          expect(a.lot_number <= b.lot_number).toBe(true)
          if (a.lot_number === b.lot_number) {
            expect(a.lot_id < b.lot_id).toBe(true)
          }
        }
      }
      // Shuffling the input does not change the result.
      const reversed = orderCandidates([...candidates].reverse(), policy.strategy)
      expect(ids(reversed)).toEqual(ids(ordered))
    }
  })
})
