import { ArrowDownTray, EllipsisHorizontal, ExclamationCircle, PencilSquare, ShieldCheck, Plus } from "@medusajs/icons"
import { Button, Container, DropdownMenu, Heading, IconButton, StatusBadge, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { Link, useParams, type UIMatch } from "react-router-dom"
import type { Lot } from "../../../../types/http"
import { Empty, FieldRow, LotBadges, QueryState, Section, SimpleTable } from "../../../components/common"
import { DigitalLinkSection } from "../../../components/digital-link-section"
import { EpcisDownloadButton } from "../../../components/epcis-download-button"
import { EditLotDrawer, QuarantineDrawer } from "../../../components/lot-drawers"
import { LotSerialsSection } from "../../../components/lot-serials"
import { MovementTimeline } from "../../../components/movement-timeline"
import { NewRecallModal } from "../../../components/new-recall-modal"
import { PutAwayDrawer } from "../../../components/put-away-drawer"
import { StockActionDrawer, type StockAction } from "../../../components/stock-action-drawer"
import { useStockLocations } from "../../../hooks/api/core"
import { fetchLot, useDownloadLotTrace, useLot, useLotMovements, useLotTrace, useReleaseLot } from "../../../hooks/api/lots"
import { useTrackingPolicy } from "../../../hooks/api/policies"
import { errorMessage } from "../../../lib/field-errors"
import { formatAddress, formatCalendarDate, formatDateTime, relativeDays, traceSummaryText } from "../../../lib/format"
import { inventoryItemName } from "../../../lib/item-names"
import { formatMoney } from "../../../lib/kpi-display"

const StockSection = ({
  lot,
  onAction,
  onPutAway,
}: {
  lot: Lot
  onAction: (a: StockAction, locationId?: string) => void
  onPutAway: (locationId: string) => void
}) => (
  <Section
    title="Stock per location"
    subtitle={`${lot.stocked_quantity} in stock · ${lot.reserved_quantity} reserved · ${lot.available_quantity} available`}
    testId="lot-stock"
    actions={
      <Button size="small" variant="secondary" onClick={() => onAction("receive")}>
        <Plus /> Receive
      </Button>
    }
  >
    {lot.stock.length ? (
      <SimpleTable
        testId="lot-stock-table"
        head={["Location", "Bin", "In stock", "Reserved", "Available", ""]}
        rows={lot.stock.map((s) => ({
          key: s.location_id,
          cells: [
            s.location_name ?? s.location_id,
            s.bin ? (
              <span key="bin" className="font-mono" data-testid="stock-bin" data-location-name={s.location_name}>
                {s.bin}
              </span>
            ) : (
              <span key="bin" className="text-ui-fg-muted" data-testid="stock-bin" data-location-name={s.location_name}>
                -
              </span>
            ),
            s.stocked_quantity,
            s.reserved_quantity,
            s.available_quantity,
            <div className="flex justify-end" key="actions">
              <DropdownMenu>
                <DropdownMenu.Trigger asChild>
                  <IconButton size="small" variant="transparent" data-testid={`stock-actions-${s.location_name}`}>
                    <EllipsisHorizontal />
                  </IconButton>
                </DropdownMenu.Trigger>
                <DropdownMenu.Content align="end">
                  <DropdownMenu.Item onClick={() => onPutAway(s.location_id)}>Put away (bin)</DropdownMenu.Item>
                  <DropdownMenu.Item onClick={() => onAction("adjust", s.location_id)}>Adjust to counted quantity</DropdownMenu.Item>
                  <DropdownMenu.Item onClick={() => onAction("transfer", s.location_id)} disabled={s.available_quantity <= 0}>
                    Transfer
                  </DropdownMenu.Item>
                  <DropdownMenu.Separator />
                  <DropdownMenu.Item onClick={() => onAction("write-off", s.location_id)} disabled={s.stocked_quantity <= 0}>
                    Write off
                  </DropdownMenu.Item>
                </DropdownMenu.Content>
              </DropdownMenu>
            </div>,
          ],
        }))}
      />
    ) : (
      <Empty>No stock recorded for this lot.</Empty>
    )}
  </Section>
)

const TraceSection = ({ lot }: { lot: Lot }) => {
  const trace = useLotTrace(lot.id)
  const csv = useDownloadLotTrace(lot)
  const download = () =>
    csv.mutate(undefined, { onError: (e) => toast.error("Could not download the trace", { description: errorMessage(e) }) })
  const s = trace.data?.summary
  return (
    <Section
      title="Forward trace"
      subtitle={s ? traceSummaryText(s) : "Every shipment of this lot: order, customer and ship-to."}
      testId="lot-trace"
      actions={
        <div className="flex items-center gap-x-2">
          <Button size="small" variant="secondary" onClick={download} isLoading={csv.isPending} disabled={trace.isError}>
            <ArrowDownTray /> CSV
          </Button>
          <EpcisDownloadButton kind="lots" id={lot.id} name={lot.lot_number} />
        </div>
      }
    >
      <QueryState
        query={trace}
        isEmpty={(t) => !t.shipments.length}
        empty="Not shipped to any customer yet."
        errorPrefix="The trace is not available: "
      >
        {(t) => (
          <SimpleTable
            testId="trace-table"
            head={["Order", "Customer", "Ship to", "Units", "Shipped"]}
            rows={t.shipments.map((sh) => ({
              key: sh.allocation_id,
              cells: [
                <Link key="o" to={`/orders/${sh.order.id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
                  #{sh.order.display_id ?? sh.order.id}
                </Link>,
                <div key="c" className="flex flex-col">
                  <span>{sh.customer.name ?? "-"}</span>
                  <span className="text-ui-fg-subtle txt-compact-xsmall">{sh.customer.email}</span>
                </div>,
                <span key="a" className="txt-compact-xsmall">
                  {formatAddress(sh.ship_to)}
                </span>,
                sh.returned_quantity ? `${sh.quantity} (${sh.returned_quantity} returned)` : sh.quantity,
                formatDateTime(sh.shipped_at ?? sh.fulfilled_at),
              ],
            }))}
          />
        )}
      </QueryState>
      {trace.data && trace.data.count > trace.data.shipments.length && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-3">
          Showing the first {trace.data.shipments.length} of {trace.data.count} shipments: download the CSV for all of them.
        </Text>
      )}
    </Section>
  )
}

const LotDetailPage = () => {
  const { id } = useParams()
  const query = useLot(id!)
  return <QueryState page query={query}>{({ lot }) => <LotDetail lot={lot} />}</QueryState>
}

const LotDetail = ({ lot }: { lot: Lot }) => {
  const movements = useLotMovements(lot.id)
  const locations = useStockLocations()
  const releaseLot = useReleaseLot(lot.id)
  const prompt = usePrompt()
  const [action, setAction] = useState<{ type: StockAction; location?: string } | null>(null)
  const [putAwayLocation, setPutAwayLocation] = useState<string | null>(null)
  const [editOpen, setEditOpen] = useState(false)
  const [quarantineOpen, setQuarantineOpen] = useState(false)
  const [recallOpen, setRecallOpen] = useState(false)
  // The lot says whether its item is serialized; the item's policy answers when it does not.
  const policy = useTrackingPolicy(lot.inventory_item_id, { enabled: lot.serialized === undefined })
  const serialized = lot.serialized ?? !!policy.data?.policy.serialized

  const locationName = (lid: string | null) =>
    lid ? locations.data?.stock_locations.find((l) => l.id === lid)?.name ?? lot.stock.find((s) => s.location_id === lid)?.location_name ?? lid : null

  const release = async () => {
    const ok = await prompt({
      title: `Release lot ${lot.lot_number}?`,
      description: "The lot becomes active again: it can be allocated to orders and shipped.",
      confirmText: "Release",
      cancelText: "Cancel",
    })
    if (!ok) return
    releaseLot.mutate(undefined, {
      onSuccess: () => toast.success(`Lot ${lot.lot_number} released`),
      onError: (e) => toast.error("Could not release the lot", { description: errorMessage(e) }),
    })
  }

  return (
    <div className="flex flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
      <div className="flex w-full flex-col gap-y-3">
        <Container className="divide-y p-0" data-testid="lot-general">
          <div className="flex items-center justify-between px-6 py-4">
            <div className="flex flex-col gap-y-1">
              <div className="flex items-center gap-x-3">
                <Heading className="font-mono" data-testid="lot-heading">
                  {lot.lot_number}
                </Heading>
                <LotBadges lot={lot} />
              </div>
              <Text size="small" className="text-ui-fg-subtle" data-testid="lot-item-name">
                {inventoryItemName(lot.inventory_item, lot.inventory_item_id)}
              </Text>
            </div>
            <div className="flex items-center gap-x-2">
              {lot.status === "active" && (
                <Button size="small" variant="secondary" onClick={() => setQuarantineOpen(true)} data-testid="quarantine-button">
                  Quarantine
                </Button>
              )}
              {lot.status === "quarantined" && (
                <Button size="small" variant="secondary" onClick={release} data-testid="release-button">
                  <ShieldCheck /> Release
                </Button>
              )}
              <DropdownMenu>
                <DropdownMenu.Trigger asChild>
                  <IconButton size="small" variant="transparent" data-testid="lot-actions">
                    <EllipsisHorizontal />
                  </IconButton>
                </DropdownMenu.Trigger>
                <DropdownMenu.Content align="end">
                  <DropdownMenu.Item onClick={() => setEditOpen(true)} className="gap-x-2">
                    <PencilSquare className="text-ui-fg-subtle" /> Edit attributes
                  </DropdownMenu.Item>
                  <DropdownMenu.Separator />
                  <DropdownMenu.Item onClick={() => setRecallOpen(true)} disabled={lot.status === "recalled"} className="gap-x-2">
                    <ExclamationCircle className="text-ui-fg-subtle" /> Start a recall
                  </DropdownMenu.Item>
                </DropdownMenu.Content>
              </DropdownMenu>
            </div>
          </div>
          <FieldRow label="Inventory item">
            <Link to={`/inventory/${lot.inventory_item_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover font-mono">
              {lot.inventory_item?.sku ?? lot.inventory_item_id}
            </Link>
          </FieldRow>
          <FieldRow label="Expires" testId="lot-expires">
            <span className="inline-flex flex-wrap items-center gap-2">
              {formatCalendarDate(lot.expires_at)}
              {lot.expires_at && (
                <StatusBadge color={lot.expired ? "red" : lot.expiring_soon ? "orange" : "grey"}>
                  {relativeDays(lot.days_until_expiry)}
                </StatusBadge>
              )}
            </span>
          </FieldRow>
          <FieldRow label="Manufactured">{formatCalendarDate(lot.manufactured_at)}</FieldRow>
          <FieldRow label="Best before">{formatCalendarDate(lot.best_before)}</FieldRow>
          <FieldRow label="Received">{formatDateTime(lot.received_at)}</FieldRow>
          <FieldRow label="Supplier">{lot.supplier ?? "-"}</FieldRow>
          <FieldRow label="Supplier lot code" testId="lot-supplier-code">
            {lot.supplier_lot_code ? <span className="font-mono">{lot.supplier_lot_code}</span> : "-"}
          </FieldRow>
          <FieldRow label="Unit cost" testId="lot-unit-cost">
            {formatMoney(lot.unit_cost ?? null, lot.unit_cost_currency_code ?? null) ?? "-"}
          </FieldRow>
          {lot.origin && <FieldRow label="Origin">{lot.origin}</FieldRow>}
        </Container>
        <StockSection lot={lot} onAction={(type, location) => setAction({ type, location })} onPutAway={setPutAwayLocation} />
        {serialized && <LotSerialsSection lotId={lot.id} locationName={locationName} />}
        <TraceSection lot={lot} />
      </div>
      <div className="flex w-full max-w-[100%] flex-col gap-y-3 xl:mt-0 xl:max-w-[440px]">
        <DigitalLinkSection lot={lot} />
        <Section title="Ledger" subtitle="Every change of this lot, newest first." testId="lot-ledger">
          <QueryState query={movements} isEmpty={(m) => !m.movements.length} empty="No movements.">
            {(m) => <MovementTimeline movements={m.movements} locationName={locationName} />}
          </QueryState>
        </Section>
      </div>
      <StockActionDrawer lot={lot} action={action?.type ?? null} locationId={action?.location} onClose={() => setAction(null)} />
      <PutAwayDrawer lot={lot} locationId={putAwayLocation} onClose={() => setPutAwayLocation(null)} />
      <EditLotDrawer lot={lot} open={editOpen} onOpenChange={setEditOpen} />
      <QuarantineDrawer lot={lot} open={quarantineOpen} onOpenChange={setQuarantineOpen} />
      <NewRecallModal open={recallOpen} onOpenChange={setRecallOpen} lots={[lot]} />
    </div>
  )
}

export const loader = async ({ params }: { params: { id?: string } }) => fetchLot(params.id!)

export const handle = {
  breadcrumb: (match: UIMatch<{ lot: Lot } | undefined>) => match.data?.lot?.lot_number ?? "Lot",
}

export default LotDetailPage
