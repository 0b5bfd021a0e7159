import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Heading, Input, Label, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { addDays } from "../../../../lib/calendar-date"
import { Empty, Section, SimpleTable } from "../../../components/common"
import { KpiCards } from "../../../components/kpi-cards"
import { useLotKpis } from "../../../hooks/api/kpis"
import { todayInBrowser } from "../../../lib/format"
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
            subtitle="Tracked items shipped in the period without a recorded lot for every unit."
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
            subtitle="Item/location pairs where the lots do not add up to Medusa's level (stock changed outside the plugin)."
            testId="kpi-mismatches"
          >
            {k.lot_accuracy_rate.mismatches.length ? (
              <SimpleTable
                head={["Item", "Location", "In lots", "Inventory level", "Unassigned"]}
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
                  ],
                }))}
              />
            ) : (
              <Empty>Lot stock matches every inventory level.</Empty>
            )}
          </Section>
          <Section title="Expired write-offs" subtitle="Units written off as expired in the period, by item." testId="kpi-expired">
            {k.expiration_loss.items.length ? (
              <SimpleTable
                head={["Item", "Units", "Unit price", "Value"]}
                rows={k.expiration_loss.items.map((i) => ({
                  key: i.inventory_item_id,
                  cells: [
                    <span key="i">{rowItemName(i)}</span>,
                    i.expired_units,
                    i.unit_price ?? "-",
                    i.value ?? "-",
                  ],
                }))}
              />
            ) : (
              <Empty>Nothing written off as expired in the period.</Empty>
            )}
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
