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

/** An amount in its currency, with that currency's decimals (EUR 2, JPY 0, KWD 3). */
export const formatMoney = (amount: number | null, currency: string | null) => {
  if (amount === null) {
    return null
  }
  try {
    return new Intl.NumberFormat("en-GB", { style: "currency", currency: (currency ?? "EUR").toUpperCase() }).format(amount)
  } catch {
    return `${amount.toFixed(2)} ${currency ?? ""}`.trim()
  }
}

/** Every currency's amount, the store's first ("€12.50 + $3.00"); null when there is none. */
export const formatAmounts = (amounts: { currency_code: string; amount: number }[] | undefined) =>
  amounts?.length ? amounts.map((a) => formatMoney(a.amount, a.currency_code)).join(" + ") : null

const toneOfRate = (rate: number | null, good = 0.99, watch = 0.95): KpiCard["tone"] =>
  rate === null ? null : rate >= good ? "good" : rate >= watch ? "watch" : "bad"

/** The five KPIs as cards: value, the figures behind it, and its definition. */
export function kpiCards(data: LotKpis): KpiCard[] {
  const { traceability_rate: t, lot_accuracy_rate: l, inventory_accuracy_rate: i, expiration_loss: e, recall_time: r } = data.kpis
  const lossValue = formatAmounts(e.value?.amounts)
  const unvalued = e.value?.unvalued_units ? `; ${e.value.unvalued_units} without cost or price` : ""
  return [
    {
      key: "traceability_rate",
      title: "Traceability rate",
      value: percent(t.rate),
      basis: `${t.units_with_lot} of ${t.shipped_units} units shipped with a recorded lot`,
      definition:
        "Units shipped in the period of items that were lot-tracked when they shipped, with their lot recorded, divided by all units of those items shipped (fulfilments not canceled). An item tracked later does not count for what it shipped before. 100 % means every shipped unit can be traced to its customer.",
      tone: toneOfRate(t.rate),
    },
    {
      key: "lot_accuracy_rate",
      title: "Lot accuracy rate",
      value: percent(l.rate),
      basis: `${l.matching_pairs} of ${l.pairs} item/location pairs holding stock match; ${l.mismatched_units} units unassigned${l.mismatched_reserved_units ? `, ${l.mismatched_reserved_units} reserved units unexplained` : ""}`,
      definition:
        "Right now, over tracked item/location pairs that hold stock or reservations (empty pairs are left out): the share whose lot stock equals Medusa's stocked quantity and whose reserved lot allocations + shortfalls + the plugin's hold equal Medusa's reserved quantity. A mismatch is stock or a reservation changed outside the plugin.",
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
      basis: `${e.expired_units} of ${e.available_units} units available lost to expiry${lossValue ? ` (${lossValue}${unvalued})` : unvalued ? ` (${unvalued.slice(2)})` : ""}`,
      definition:
        "Units that expired on hand (their lot's expiry date passed while they were in stock) or were written off as expired before that, in the period, divided by the units available in the period (on hand at its start + received in it). Valued at the lot's unit cost given at receipt, else the variant's price, rounded per currency. Lower is better.",
      tone: e.rate === null ? null : e.rate <= 0.01 ? "good" : e.rate <= 0.03 ? "watch" : "bad",
    },
    {
      key: "recall_time",
      title: "Recall time",
      value: r.recalls ? formatDuration(r.median_recall_time_ms) : "n/a",
      basis: r.recalls
        ? `list: median over ${r.listed} recalls (max ${formatDuration(r.max_recall_time_ms)}); all customers notified: median ${formatDuration(r.median_time_to_notify_ms)} over ${r.notified} (max ${formatDuration(r.max_time_to_notify_ms)})${r.awaiting_notification ? `; ${r.awaiting_notification} awaiting notices` : ""}`
        : "no recall opened in the period",
      definition:
        "Over recalls opened in the period (canceled ones left out): time from opening to the complete list of affected orders and customers (the value), and from opening to every customer reachable by email notified (the operational figure), median and maximum.",
      tone: r.median_recall_time_ms === null ? null : r.median_recall_time_ms <= 60_000 ? "good" : r.median_recall_time_ms <= 3_600_000 ? "watch" : "bad",
    },
  ]
}
