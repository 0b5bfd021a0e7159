import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Heading, Select, StatusBadge, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import type { ExpiryLot } from "../../../../types/http"
import { LotBadges, LotLink, QueryState, Section, SimpleTable } from "../../../components/common"
import { StockActionDrawer, type ActionLot } from "../../../components/stock-action-drawer"
import { useExpiry, useRunExpiryWatch } from "../../../hooks/api/expiry"
import { errorMessage } from "../../../lib/field-errors"
import { formatCalendarDate, formatDateTime, pluralize, relativeDays } from "../../../lib/format"
import { inventoryItemName } from "../../../lib/item-names"

const WINDOWS = [
  { value: "policy", label: "Each item's warning window" },
  { value: "30", label: "Within 30 days" },
  { value: "60", label: "Within 60 days" },
  { value: "90", label: "Within 90 days" },
]

const toActionLot = (lot: ExpiryLot): ActionLot => ({
  id: lot.id,
  inventory_item_id: lot.inventory_item_id,
  lot_number: lot.lot_number,
  status: lot.status,
  expired: lot.state === "expired",
  stock: lot.stock,
})

const ExpiryTable = ({
  data,
  onWriteOff,
  testId,
}: {
  data: ExpiryLot[]
  onWriteOff: (lot: ExpiryLot, locationId: string) => void
  testId: string
}) => (
  <SimpleTable
    testId={testId}
    head={["Lot", "Item", "Expires", "Status", "Stock per location", ""]}
    rows={data.map((lot) => ({
      key: lot.id,
      cells: [
        <LotLink key="l" lot={lot} />,
        <span key="i">{inventoryItemName(lot.inventory_item, lot.inventory_item_id)}</span>,
        <div key="e" className="flex flex-col">
          <span>{formatCalendarDate(lot.expires_at)}</span>
          <span className={lot.state === "expired" ? "text-ui-fg-error txt-compact-xsmall" : "text-ui-tag-orange-text txt-compact-xsmall"}>
            {relativeDays(lot.days_until_expiry)}
          </span>
        </div>,
        <LotBadges key="s" lot={{ status: lot.status, expired: lot.state === "expired", expiring_soon: lot.state === "expiring" }} />,
        <div key="q" className="flex flex-col gap-y-1">
          {lot.stock
            .filter((s) => s.stocked_quantity > 0)
            .map((s) => (
              <div key={s.location_id} className="flex items-center justify-between gap-x-3">
                <span className="whitespace-nowrap">
                  {s.location_name ?? s.location_id}: <strong>{s.stocked_quantity}</strong>
                  {s.reserved_quantity ? <span className="text-ui-fg-subtle"> ({s.reserved_quantity} reserved)</span> : null}
                </span>
                <Button
                  size="small"
                  variant="transparent"
                  onClick={() => onWriteOff(lot, s.location_id)}
                  data-testid={`write-off-${lot.lot_number}-${s.location_name}`}
                >
                  Write off
                </Button>
              </div>
            ))}
        </div>,
        <Text key="a" size="xsmall" className="text-ui-fg-muted">
          {lot.announced[lot.state] ? `Announced ${formatDateTime(lot.announced[lot.state])}` : ""}
        </Text>,
      ],
    }))}
  />
)

const ExpiryPage = () => {
  const [range, setRange] = useState("policy")
  const days = range === "policy" ? null : Number(range)
  const expired = useExpiry("expired", days)
  const expiring = useExpiry("expiring", days)
  const watch = useRunExpiryWatch()
  const [writeOff, setWriteOff] = useState<{ lot: ExpiryLot; location: string } | null>(null)

  const summary = expired.data?.summary ?? expiring.data?.summary
  const runWatch = () =>
    watch.mutate(undefined, {
      onSuccess: () =>
        toast.success("Expiry watch run", { description: "New expired and expiring lots were announced in the notifications." }),
      onError: (e) => toast.error("The expiry watch failed", { description: errorMessage(e) }),
    })

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-col gap-y-4 px-6 py-4" data-testid="expiry-header">
        <div className="flex flex-col justify-between gap-4 md:flex-row md:items-center">
          <div>
            <Heading>Expiry</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Lots with stock on hand that are expired or about to expire
              {expired.data ? ` (today is ${formatCalendarDate(expired.data.today)}, ${expired.data.time_zone})` : ""}.
            </Text>
          </div>
          <div className="flex items-center gap-x-2">
            <Select value={range} onValueChange={setRange}>
              <Select.Trigger className="w-[240px]" data-testid="expiry-window">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {WINDOWS.map((w) => (
                  <Select.Item key={w.value} value={w.value}>
                    {w.label}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
            <Button size="small" variant="secondary" onClick={runWatch} isLoading={watch.isPending}>
              Run expiry watch
            </Button>
          </div>
        </div>
        {summary && (
          <div className="flex flex-wrap gap-2">
            <StatusBadge color="red">
              {pluralize(summary.expired.lots, "lot")} expired · {summary.expired.stocked_quantity} units
            </StatusBadge>
            <StatusBadge color="orange">
              {pluralize(summary.expiring.lots, "lot")} expiring · {summary.expiring.stocked_quantity} units
            </StatusBadge>
          </div>
        )}
      </Container>
      <Section title="Expired with stock" subtitle="Not allocated or shipped any more: write them off." testId="expired-section">
        <QueryState query={expired} isEmpty={(d) => !d.lots.length} empty="No expired stock.">
          {(d) => <ExpiryTable data={d.lots} onWriteOff={(lot, location) => setWriteOff({ lot, location })} testId="expired-table" />}
        </QueryState>
      </Section>
      <Section
        title={days === null ? "Expiring within the warning window" : `Expiring within ${days} days`}
        subtitle={days === null ? "Each item's expiry_warning_days from its tracking policy." : undefined}
        testId="expiring-section"
      >
        <QueryState query={expiring} isEmpty={(d) => !d.lots.length} empty="Nothing expires in this window.">
          {(d) => <ExpiryTable data={d.lots} onWriteOff={(lot, location) => setWriteOff({ lot, location })} testId="expiring-table" />}
        </QueryState>
      </Section>
      {writeOff && (
        <StockActionDrawer
          lot={toActionLot(writeOff.lot)}
          action="write-off"
          locationId={writeOff.location}
          onClose={() => setWriteOff(null)}
        />
      )}
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Expiry",
  rank: 2,
})

export const handle = {
  breadcrumb: () => "Expiry",
}

export default ExpiryPage
