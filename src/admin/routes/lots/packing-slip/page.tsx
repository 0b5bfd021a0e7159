import { Button, Container, Heading, Select, Text } from "@medusajs/ui"
import { Link, useSearchParams } from "react-router-dom"
import { QueryState } from "../../../components/common"
import { PrintArea, PrintButton } from "../../../components/print-document"
import { PackingSlipDocument } from "../../../components/print-packing-slip"
import { useStockLocations } from "../../../hooks/api/core"
import { useOrderFulfillments, usePackingSlip } from "../../../hooks/api/documents"
import { formatDateTime } from "../../../lib/format"

const WHOLE_ORDER = "order"

/**
 * `/lots/packing-slip?order_id=…` (the whole order) or `&fulfillment_id=…`
 * (one parcel): the slip with lot numbers and expiry dates, ready to print.
 */
const PackingSlipPage = () => {
  const [params, setParams] = useSearchParams()
  const orderId = params.get("order_id")
  const fulfillmentId = params.get("fulfillment_id")
  const slip = usePackingSlip(fulfillmentId ? { fulfillment_id: fulfillmentId } : orderId ? { order_id: orderId } : null)
  const resolvedOrderId = orderId ?? slip.data?.packing_slip.order.id ?? null
  const fulfillments = useOrderFulfillments(resolvedOrderId)
  const locations = useStockLocations()
  const locationName = (id: string | null) => locations.data?.stock_locations.find((l) => l.id === id)?.name ?? ""
  const parcels = (fulfillments.data ?? []).filter((f) => !f.canceled_at)

  const choose = (value: string) => {
    const next = new URLSearchParams()
    if (resolvedOrderId) {
      next.set("order_id", resolvedOrderId)
    }
    if (value !== WHOLE_ORDER) {
      next.set("fulfillment_id", value)
    }
    setParams(next)
  }

  if (!orderId && !fulfillmentId) {
    return (
      <Container>
        <Text size="small">
          Open a packing slip from an order (Lots section, "Packing slip"), or add <code>?order_id=</code> to this page's address.
        </Text>
      </Container>
    )
  }

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-col justify-between gap-4 px-6 py-4 md:flex-row md:items-center" data-testid="packing-slip-toolbar">
        <div>
          <Heading>Packing slip</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Lot numbers and expiry dates per line, as customers and regulators ask for them. Lots not shipped yet are marked reserved.
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          {parcels.length > 0 && (
            <Select value={fulfillmentId ?? WHOLE_ORDER} onValueChange={choose}>
              <Select.Trigger className="w-[280px]" data-testid="packing-slip-scope">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value={WHOLE_ORDER}>Whole order</Select.Item>
                {parcels.map((f, i) => (
                  <Select.Item key={f.id} value={f.id}>
                    Fulfillment {i + 1}: {formatDateTime(f.created_at)}
                    {f.location_id ? ` · ${locationName(f.location_id)}` : ""}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          )}
          {resolvedOrderId && (
            <Button size="small" variant="secondary" asChild>
              <Link to={`/orders/${resolvedOrderId}`}>Back to the order</Link>
            </Button>
          )}
          <PrintButton testId="packing-slip-print" />
        </div>
      </Container>
      <QueryState query={slip} page loading="Loading the packing slip…">
        {(d) => (
          <PrintArea testId="packing-slip-print-area">
            <PackingSlipDocument slip={d.packing_slip} />
          </PrintArea>
        )}
      </QueryState>
    </div>
  )
}

export default PackingSlipPage
