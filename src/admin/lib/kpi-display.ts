/** The lot KPIs as the admin shows them: cards with a value, its basis, its definition and a tone. */
import type { LotKpis } from "../../types/http"
import { formatDuration, percent } from "./format"

export type KpiKey = keyof LotKpis["kpis"]

export type KpiCard = {
  key: KpiKey
  title: string
  value: string
  /** The figures it is computed from, in words. */
  basis: string
  /** What it measures and how (the tooltip). */
  definition: string
  /** Good, watch or bad (colour of the value); null when there is nothing to judge. */
  tone: "good" | "watch" | "bad" | null
}

const money = (amount: number | null, currency: string | null) => {
  if (amount === null) {
    return null
  }
  try {
    return new Intl.NumberFormat("en-GB", { style: "currency", currency: (currency ?? "EUR").toUpperCase() }).format(amount)
  } catch {
    return `${amount.toFixed(2)} ${currency ?? ""}`.trim()
  }
}

const toneOfRate = (rate: number | null, good = 0.99, watch = 0.95): KpiCard["tone"] =>
  rate === null ? null : rate >= good ? "good" : rate >= watch ? "watch" : "bad"

/** The five KPIs as cards: value, the figures behind it, and its definition. */
export function kpiCards(data: LotKpis): KpiCard[] {
  const { traceability_rate: t, lot_accuracy_rate: l, inventory_accuracy_rate: i, expiration_loss: e, recall_time: r } = data.kpis
  const lossValue = money(e.value?.amount ?? null, e.value?.currency_code ?? null)
  return [
    {
      key: "traceability_rate",
      title: "Traceability rate",
      value: percent(t.rate),
      basis: `${t.units_with_lot} of ${t.shipped_units} units shipped with a recorded lot`,
      definition:
        "Units of lot-tracked items shipped in the period whose lot is recorded, divided by all units of tracked items shipped (fulfilments). 100 % means every shipped unit can be traced to its customer.",
      tone: toneOfRate(t.rate),
    },
    {
      key: "lot_accuracy_rate",
      title: "Lot accuracy rate",
      value: percent(l.rate),
      basis: `${l.matching_pairs} of ${l.pairs} item/location pairs match; ${l.mismatched_units} units unassigned`,
      definition:
        "Tracked item/location pairs whose lot stock adds up to Medusa's inventory level, divided by all tracked pairs, right now. A mismatch is stock changed outside the plugin (core inventory screens).",
      tone: toneOfRate(l.rate),
    },
    {
      key: "inventory_accuracy_rate",
      title: "Inventory accuracy rate",
      value: percent(i.rate),
      basis: `${i.matched_counts} of ${i.counts} counts matched the system; variance ${i.absolute_variance} units`,
      definition:
        "Stock counts (\"adjust to counted quantity\") in the period that found exactly the quantity the system held, divided by all counts. The absolute variance adds up the units found missing or extra.",
      tone: toneOfRate(i.rate, 0.98, 0.9),
    },
    {
      key: "expiration_loss",
      title: "Expiration loss",
      value: percent(e.rate, 2),
      basis: `${e.expired_units} units written off as expired of ${e.received_units} received${lossValue ? ` (${lossValue})` : ""}`,
      definition:
        "Units written off with the reason \"expired\" in the period, divided by units received in the period; the value uses the variants' prices. Lower is better.",
      tone: e.rate === null ? null : e.rate <= 0.01 ? "good" : e.rate <= 0.03 ? "watch" : "bad",
    },
    {
      key: "recall_time",
      title: "Recall time",
      value: r.recalls ? formatDuration(r.median_recall_time_ms) : "n/a",
      basis: r.recalls
        ? `median over ${r.listed} recalls (max ${formatDuration(r.max_recall_time_ms)}); notify: ${formatDuration(r.median_time_to_notify_ms)}`
        : "no recall opened in the period",
      definition:
        "Time from opening a recall to the complete list of affected orders and customers (median over recalls opened in the period), and from opening to every customer notified.",
      tone: r.median_recall_time_ms === null ? null : r.median_recall_time_ms <= 60_000 ? "good" : r.median_recall_time_ms <= 3_600_000 ? "watch" : "bad",
    },
  ]
}
