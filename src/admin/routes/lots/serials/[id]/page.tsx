import { Container, Heading, Text } from "@medusajs/ui"
import { Link, useParams, type UIMatch } from "react-router-dom"
import type { SerialDetail } from "../../../../../types/http"
import { Empty, FieldRow, LotLink, QueryState, Section } from "../../../../components/common"
import { SerialBadges } from "../../../../components/serial-badges"
import { SerialHistory } from "../../../../components/serial-history"
import { useStockLocations } from "../../../../hooks/api/core"
import { fetchSerial, useSerial } from "../../../../hooks/api/serials"
import { formatCalendarDate, formatDateTime } from "../../../../lib/format"

const linkClass = "text-ui-fg-interactive hover:text-ui-fg-interactive-hover"

const SerialDetailPage = () => {
  const { id } = useParams()
  const query = useSerial(id!)
  return <QueryState page query={query}>{({ serial }) => <SerialView serial={serial} />}</QueryState>
}

/** Who has the unit: the order it is reserved for or was shipped to, and its customer. */
const HolderSection = ({ serial }: { serial: SerialDetail }) => {
  const c = serial.customer
  const subtitle =
    serial.status === "shipped"
      ? "Shipped to this customer."
      : serial.status === "reserved"
        ? "Reserved for this order, not shipped yet."
        : serial.order_id
          ? "Last order of this unit."
          : undefined
  return (
    <Section title="Who has this unit" subtitle={subtitle} testId="serial-holder">
      {serial.order_id ? (
        <>
          <FieldRow label="Order" testId="serial-order">
            <Link to={`/orders/${serial.order_id}`} className={linkClass}>
              #{serial.order_display_id ?? serial.order_id}
            </Link>
          </FieldRow>
          <FieldRow label="Customer" testId="serial-customer">
            {c ? (
              <div className="flex flex-col">
                {c.id ? (
                  <Link to={`/customers/${c.id}`} className={linkClass}>
                    {c.name || c.email || c.id}
                  </Link>
                ) : (
                  <span>{c.name ?? "-"}</span>
                )}
                {c.email && c.email !== c.name && <span className="text-ui-fg-subtle txt-compact-xsmall">{c.email}</span>}
              </div>
            ) : (
              "-"
            )}
          </FieldRow>
          <FieldRow label="Shipped">{formatDateTime(serial.shipped_at)}</FieldRow>
        </>
      ) : (
        <Empty>In no order: the unit is not reserved or shipped.</Empty>
      )}
    </Section>
  )
}

const SerialView = ({ serial }: { serial: SerialDetail }) => {
  const locations = useStockLocations()
  const locationName = (lid: string | null) => (lid ? locations.data?.stock_locations.find((l) => l.id === lid)?.name ?? lid : null)
  // Oldest first, as the API sends it; sorted again so the timeline reads as the unit's life whatever the order.
  const history = [...serial.history].sort((a, b) => a.created_at.localeCompare(b.created_at))

  return (
    <div className="flex flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
      <div className="flex w-full flex-col gap-y-3">
        <Container className="divide-y p-0" data-testid="serial-general">
          <div className="flex flex-col gap-y-1 px-6 py-4">
            <div className="flex items-center gap-x-3">
              <Heading className="font-mono" data-testid="serial-heading">
                {serial.serial_number}
              </Heading>
              <SerialBadges serial={serial} />
            </div>
            <Text size="small" className="text-ui-fg-subtle">
              {serial.item_label ?? serial.inventory_item_id}
            </Text>
          </div>
          <FieldRow label="Inventory item">
            <Link to={`/inventory/${serial.inventory_item_id}`} className={linkClass}>
              {serial.item_label ?? serial.inventory_item_id}
            </Link>
          </FieldRow>
          <FieldRow label="Lot" testId="serial-lot">
            <LotLink lot={{ id: serial.lot_id, lot_number: serial.lot_number }} />
          </FieldRow>
          <FieldRow label="Expires">{formatCalendarDate(serial.expires_at)}</FieldRow>
          <FieldRow label={serial.status === "shipped" ? "Shipped from" : "Location"}>{locationName(serial.location_id) ?? "-"}</FieldRow>
          <FieldRow label="Received">{formatDateTime(serial.created_at)}</FieldRow>
        </Container>
        <HolderSection serial={serial} />
      </div>
      <div className="flex w-full max-w-[100%] flex-col gap-y-3 xl:mt-0 xl:max-w-[440px]">
        <Section title="History" subtitle="Every movement of this unit, oldest first." testId="serial-history-section">
          {history.length ? <SerialHistory history={history} locationName={locationName} /> : <Empty>No movements.</Empty>}
        </Section>
      </div>
    </div>
  )
}

export const loader = async ({ params }: { params: { id?: string } }) => fetchSerial(params.id!)

export const handle = {
  breadcrumb: (match: UIMatch<{ serial: SerialDetail } | undefined>) => match.data?.serial?.serial_number ?? "Serial",
}

export default SerialDetailPage
