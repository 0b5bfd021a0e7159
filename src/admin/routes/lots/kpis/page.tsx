import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Heading, Input, Label, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { addDays } from "../../../../lib/calendar-date"
import { Empty, Section, SimpleTable } from "../../../components/common"
import { KpiCards } from "../../../components/kpi-cards"
import { useLotKpis } from "../../../hooks/api/kpis"
import { formatDuration, todayInBrowser } from "../../../lib/format"
import { formatAmounts } from "../../../lib/kpi-display"
import { rowItemName } from "../../../lib/item-names"

const PRESETS = [
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "12 months" },
]

const KpisPage = () => {
  const today = useMemo(() => todayInBrowser(), [])
  const [from, setFrom] = useState(addDays(today, -29))
  const [to, setTo] = useState(today)
  const query = { from, to }
  const { data } = useLotKpis(query)
  const k = data?.kpis

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-col justify-between gap-4 px-6 py-4 md:flex-row md:items-end">
        <div>
          <Heading>Lot KPIs</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Computed from the lot ledger and Medusa's own tables. Hover the info icon of a KPI for its definition.
          </Text>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          {PRESETS.map((p) => (
            <Button
              key={p.days}
              size="small"
              variant={from === addDays(to, -(p.days - 1)) ? "primary" : "secondary"}
              onClick={() => {
                setTo(today)
                setFrom(addDays(today, -(p.days - 1)))
              }}
            >
              {p.label}
            </Button>
          ))}
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="kpi-from" size="xsmall">
              From
            </Label>
            <Input id="kpi-from" size="small" type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="kpi-to" size="xsmall">
              To
            </Label>
            <Input id="kpi-to" size="small" type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
          </div>
        </div>
      </Container>
      <KpiCards query={query} />
      {k && (
        <>
          <Section
            title="Untraced shipments"
            subtitle="Items that were lot-tracked when they shipped, shipped in the period without a recorded lot for every unit (an item tracked later does not count for earlier shipments)."
            testId="kpi-untraced"
          >
            {k.traceability_rate.untraced_items.length ? (
              <SimpleTable
                head={["Item", "Units shipped", "With a lot"]}
                rows={k.traceability_rate.untraced_items.map((i) => ({
                  key: i.inventory_item_id,
                  cells: [
                    <Link key="i" to={`/inventory/${i.inventory_item_id}`} className="text-ui-fg-interactive">
                      {rowItemName(i)}
                    </Link>,
                    i.shipped_units,
                    i.units_with_lot,
                  ],
                }))}
              />
            ) : (
              <Empty>Every shipped unit has its lot.</Empty>
            )}
          </Section>
          <Section
            title="Lot stock vs. inventory levels"
            subtitle="Item/location pairs holding stock or reservations where the lots do not add up to Medusa's level, or the reserved allocations, shortfalls and hold do not add up to Medusa's reserved quantity (changed outside the plugin). Empty pairs are not counted."
            testId="kpi-mismatches"
          >
            {k.lot_accuracy_rate.mismatches.length ? (
              <SimpleTable
                head={["Item", "Location", "In lots", "Inventory level", "Unassigned", "Reserved (lots)", "Reserved (Medusa)", "Unexplained"]}
                rows={k.lot_accuracy_rate.mismatches.map((m) => ({
                  key: `${m.inventory_item_id}-${m.location_id}`,
                  cells: [
                    <Link key="i" to={`/inventory/${m.inventory_item_id}`} className="text-ui-fg-interactive">
                      {rowItemName(m)}
                    </Link>,
                    m.location_name ?? m.location_id,
                    m.lot_stocked,
                    m.level_stocked,
                    <span key="u" className={m.unassigned ? "text-ui-fg-error" : undefined}>
                      {m.unassigned}
                    </span>,
                    m.lot_reserved,
                    m.level_reserved,
                    <span key="r" className={m.unexplained_reserved ? "text-ui-fg-error" : undefined}>
                      {m.unexplained_reserved}
                    </span>,
                  ],
                }))}
              />
            ) : (
              <Empty>Lot stock and reservations match every inventory level that holds stock.</Empty>
            )}
          </Section>
          <Section
            title="Lost to expiry"
            subtitle={`Units that expired on hand, or were written off as expired before their date, in the period: ${k.expiration_loss.expired_units} of ${k.expiration_loss.available_units} available (${k.expiration_loss.on_hand_at_start} on hand at the start + ${k.expiration_loss.received_units} received). Valued at the lot's unit cost given at receipt, else the variant's price.`}
            testId="kpi-expired"
          >
            {k.expiration_loss.items.length ? (
              <SimpleTable
                head={["Item", "Expired on hand", "Written off as expired", "Available", "At cost / at price / no value", "Value"]}
                rows={k.expiration_loss.items.map((i) => ({
                  key: i.inventory_item_id,
                  cells: [
                    <span key="i">{rowItemName(i)}</span>,
                    i.expired_on_hand_units,
                    i.written_off_units,
                    i.available_units,
                    `${i.at_cost_units} / ${i.at_price_units} / ${i.unvalued_units}`,
                    formatAmounts(i.amounts) ?? "-",
                  ],
                }))}
              />
            ) : (
              <Empty>Nothing lost to expiry in the period.</Empty>
            )}
          </Section>
          <Section
            title="Recall time"
            subtitle="Recalls opened in the period, canceled ones left out: from opening to the complete affected list, and from opening to every customer reachable by email notified (the operational figure)."
            testId="kpi-recalls"
          >
            <SimpleTable
              head={["", "Recalls", "Median", "Max"]}
              rows={[
                {
                  key: "listed",
                  cells: ["Affected list complete", k.recall_time.listed, formatDuration(k.recall_time.median_recall_time_ms), formatDuration(k.recall_time.max_recall_time_ms)],
                },
                {
                  key: "notified",
                  cells: ["All reachable customers notified", k.recall_time.notified, formatDuration(k.recall_time.median_time_to_notify_ms), formatDuration(k.recall_time.max_time_to_notify_ms)],
                },
                { key: "awaiting", cells: ["Still awaiting notices", k.recall_time.awaiting_notification, "-", "-"] },
                { key: "unreachable", cells: ["Nobody reachable by email", k.recall_time.none_reachable, "-", "-"] },
              ]}
            />
          </Section>
        </>
      )}
    </div>
  )
}

export const config = defineRouteConfig({
  label: "KPIs",
  rank: 4,
})

export const handle = {
  breadcrumb: () => "KPIs",
}

export default KpisPage
