import type { LotKpis } from "../../../types/http"
import { kpiCards } from "../kpi-display"

const kpis = (over: Partial<LotKpis["kpis"]> = {}): LotKpis => ({
  period: { from: "2026-11-01", to: "2026-11-30", days: 30, time_zone: "UTC", start: "", end: "" },
  kpis: {
    traceability_rate: { rate: 1, units_with_lot: 10, shipped_units: 10, fulfillments: 2, untraced_items: [] },
    lot_accuracy_rate: { rate: 0.9, matching_pairs: 9, pairs: 10, mismatched_pairs: 1, mismatched_units: 4, as_of: "", mismatches: [] },
    inventory_accuracy_rate: { rate: null, matched_counts: 0, counts: 0, absolute_variance: 0, net_variance: 0 },
    expiration_loss: {
      rate: 0.02,
      expired_units: 2,
      received_units: 100,
      value: { amount: 12.5, currency_code: "eur", priced_units: 2, unpriced_units: 0 },
      items: [],
    },
    recall_time: {
      recalls: 0,
      listed: 0,
      median_recall_time_ms: null,
      max_recall_time_ms: null,
      notified: 0,
      median_time_to_notify_ms: null,
      max_time_to_notify_ms: null,
    },
    ...over,
  },
})

describe("KPI cards", () => {
  it("shows the five KPIs with their value, basis and tone", () => {
    const cards = kpiCards(kpis())
    expect(cards.map((c) => c.key)).toEqual([
      "traceability_rate",
      "lot_accuracy_rate",
      "inventory_accuracy_rate",
      "expiration_loss",
      "recall_time",
    ])
    const [trace, lots, counts, loss, recall] = cards
    expect(trace).toMatchObject({ value: "100.0 %", tone: "good", basis: "10 of 10 units shipped with a recorded lot" })
    expect(lots.tone).toBe("bad")
    expect(counts).toMatchObject({ value: "n/a", tone: null })
    expect(loss.value).toBe("2.00 %")
    expect(loss.basis).toContain("€12.50")
    expect(loss.tone).toBe("watch")
    expect(recall).toMatchObject({ value: "n/a", basis: "no recall opened in the period", tone: null })
  })
})
