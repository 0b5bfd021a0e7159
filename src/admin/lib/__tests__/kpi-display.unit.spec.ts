import type { LotKpis } from "../../../types/http"
import { kpiCards } from "../kpi-display"

const kpis = (over: Partial<LotKpis["kpis"]> = {}): LotKpis => ({
  period: { from: "2026-11-01", to: "2026-11-30", days: 30, time_zone: "UTC", start: "", end: "" },
  kpis: {
    traceability_rate: { rate: 1, units_with_lot: 10, shipped_units: 10, fulfillments: 2, untraced_items: [] },
    lot_accuracy_rate: { rate: 0.9, matching_pairs: 9, pairs: 10, mismatched_pairs: 1, mismatched_units: 4, mismatched_reserved_units: 0, as_of: "", mismatches: [] },
    inventory_accuracy_rate: { rate: null, matched_counts: 0, counts: 0, absolute_variance: 0, net_variance: 0 },
    expiration_loss: {
      rate: 0.02,
      expired_units: 2,
      expired_on_hand_units: 1,
      written_off_units: 1,
      available_units: 100,
      on_hand_at_start: 60,
      received_units: 40,
      value: { amount: 12.5, currency_code: "eur", amounts: [{ currency_code: "eur", amount: 12.5 }], at_cost_units: 1, at_price_units: 1, unvalued_units: 0 },
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
      awaiting_notification: 0,
      none_reachable: 0,
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

  it("shows the expiration loss over available units, and money with each currency's decimals", () => {
    const loss = kpiCards(
      kpis({
        expiration_loss: {
          ...kpis().kpis.expiration_loss,
          value: {
            amount: 1200,
            currency_code: "jpy",
            amounts: [{ currency_code: "jpy", amount: 1200 }, { currency_code: "kwd", amount: 1.125 }],
            at_cost_units: 2,
            at_price_units: 0,
            unvalued_units: 1,
          },
        },
      })
    )[3]
    // Intl puts a no-break space between a code and the amount: compare with plain spaces.
    expect(loss.basis.replace(/\s/g, " ")).toEqual("2 of 100 units available lost to expiry (JP¥1,200 + KWD 1.125; 1 without cost or price)")
  })
})
