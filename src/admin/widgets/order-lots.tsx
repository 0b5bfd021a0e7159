import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ExclamationCircle } from "@medusajs/icons"
import { Badge, Button, Input, StatusBadge, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { OrderLotLine } from "../../types/http"
import { Link } from "react-router-dom"
import { Empty, LotBadges, QueryState, Section } from "../components/common"
import { FormDrawer } from "../components/form-drawer"
import { useStockLocations } from "../hooks/api/core"
import { useLots } from "../hooks/api/lots"
import { useAssignOrderLots, useOrderLineInventoryItem, useOrderLots } from "../hooks/api/order-lots"
import { useFormErrors } from "../hooks/use-form-errors"
import { formatCalendarDate, relativeDays } from "../lib/format"

type OrderProps = { data: { id: string; display_id?: number } }

const ALLOCATION_COLORS = { reserved: "blue", fulfilled: "green", released: "grey", returned: "purple" } as const

/** Lots to choose from: active, not expired, with stock, soonest expiry first. */
const candidateLotsQuery = (inventoryItemId: string) => ({
  inventory_item_id: inventoryItemId,
  status: "active",
  expired: "false",
  has_stock: "true",
  order: "expires_at",
  limit: 50,
})

const ChooseLotsDrawer = ({ orderId, line, onClose }: { orderId: string; line: OrderLotLine | null; onClose: () => void }) => {
  const item = useOrderLineInventoryItem(line)
  const lots = useLots(candidateLotsQuery(item.data ?? ""), { enabled: !!item.data })
  const [quantities, setQuantities] = useState<Record<string, string>>({})
  const errors = useFormErrors()
  const assign = useAssignOrderLots(orderId)
  const reservedLocation = line?.allocations.find((a) => a.status === "reserved")?.location_id

  useEffect(() => {
    if (line) {
      setQuantities(
        Object.fromEntries(line.allocations.filter((a) => a.status === "reserved").map((a) => [a.lot_id, String(a.quantity)]))
      )
      errors.clear()
    }
  }, [line?.line_item_id])

  if (!line) {
    return null
  }
  const toShip = line.quantity - line.fulfilled_quantity
  const total = Object.values(quantities).reduce((s, q) => s + (Number(q) || 0), 0)

  const submit = () => {
    const chosen = Object.entries(quantities)
      .filter(([, q]) => q.trim() !== "" && Number(q) > 0)
      .map(([lot_id, q]) => ({ lot_id, quantity: Number(q) }))
    if (!chosen.length) {
      errors.setGeneral("Enter a quantity for at least one lot")
      return
    }
    if (chosen.some((c) => !Number.isInteger(c.quantity))) {
      errors.setGeneral("Quantities must be whole numbers")
      return
    }
    errors.clear()
    assign.mutate(
      { line_item_id: line.line_item_id, lots: chosen },
      {
        onSuccess: () => {
          toast.success("Lots chosen", { description: `${line.title}: ${chosen.map((c) => c.quantity).reduce((a, b) => a + b, 0)} units reserved on the chosen lots` })
          onClose()
        },
        onError: (e) => errors.fromApiError(e),
      }
    )
  }

  return (
    <FormDrawer
      open={!!line}
      onOpenChange={(o) => !o && onClose()}
      title="Choose lots"
      description="Choose the lots of a line before it is fulfilled"
      intro={
        <div>
          <Text size="small" weight="plus">
            {line.title} <span className="text-ui-fg-subtle font-mono">{line.sku}</span>
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            {toShip} units still to ship. The chosen lots replace the line's current reservations, at the location Medusa
            reserved the line's stock; soonest expiry first.
          </Text>
        </div>
      }
      general={errors.general}
      generalTestId="choose-lots-error"
      saving={assign.isPending}
      onSubmit={submit}
      submitLabel="Reserve these lots"
      testId="choose-lots-drawer"
      submitTestId="choose-lots-submit"
      bodyClassName="gap-y-4"
    >
      {lots.data?.lots.length ? (
        <div className="flex flex-col divide-y rounded-md border">
          {lots.data.lots.map((lot) => (
            <div key={lot.id} className="flex items-center justify-between gap-x-3 px-3 py-2">
              <div className="flex flex-col">
                <span className="txt-compact-small-plus font-mono">{lot.lot_number}</span>
                <span className="txt-compact-xsmall text-ui-fg-subtle">
                  {formatCalendarDate(lot.expires_at)} ({relativeDays(lot.days_until_expiry)})
                </span>
                <span className="txt-compact-xsmall text-ui-fg-subtle">
                  {lot.stock
                    .filter((s) => s.available_quantity > 0)
                    .map((s) => `${s.location_name ?? s.location_id}: ${s.available_quantity}${s.location_id === reservedLocation ? " ★" : ""}`)
                    .join(" · ")}
                </span>
              </div>
              <Input
                type="number"
                min={0}
                className="w-24"
                placeholder="0"
                value={quantities[lot.id] ?? ""}
                onChange={(e) => setQuantities((q) => ({ ...q, [lot.id]: e.target.value }))}
                data-testid={`choose-qty-${lot.lot_number}`}
              />
            </div>
          ))}
        </div>
      ) : (
        <Empty>{lots.isLoading || item.isLoading ? "Loading lots…" : "No active lot with stock for this item."}</Empty>
      )}
      <Text size="small" className={total > toShip ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
        {total} of {toShip} units chosen
      </Text>
    </FormDrawer>
  )
}

const LineLots = ({ line, locationName, onChoose }: { line: OrderLotLine; locationName: (id: string) => string; onChoose: () => void }) => {
  const toShip = line.quantity - line.fulfilled_quantity
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="order-lot-line">
      <div className="flex items-start justify-between gap-x-4">
        <div>
          <Text size="small" weight="plus">
            {line.title}
            {line.source && line.source.type !== "order" && (
              <Badge size="2xsmall" className="ml-2" data-testid="line-source">
                {line.source.type === "claim" ? "Claim" : "Exchange"}
                {line.source.display_id ? ` #${line.source.display_id}` : ""}
              </Badge>
            )}
          </Text>
          {line.inventory_items && line.inventory_items.length > 1 && (
            <Text size="xsmall" className="text-ui-fg-subtle" data-testid="kit-parts">
              Kit of {line.inventory_items.length} parts ({line.inventory_items.map((p) => `${p.required_quantity} per unit`).join(", ")}): lot figures count part units
            </Text>
          )}
          <Text size="xsmall" className="text-ui-fg-subtle">
            <span className="font-mono">{line.sku}</span> · {line.quantity} ordered · {line.reserved_quantity} reserved ·{" "}
            {line.fulfilled_quantity} fulfilled{line.returned_quantity ? ` · ${line.returned_quantity} returned` : ""}
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          {line.shortfall > 0 && (
            <StatusBadge color="orange" data-testid="shortfall">
              <span className="flex items-center gap-x-1">
                <ExclamationCircle /> {line.shortfall} without a lot
              </span>
            </StatusBadge>
          )}
          {toShip > 0 && (
            <Button size="small" variant="secondary" onClick={onChoose} data-testid="choose-lots">
              Choose lots
            </Button>
          )}
        </div>
      </div>
      {line.shortfall > 0 && (
        <Text size="xsmall" className="text-ui-tag-orange-text">
          No eligible lot covers {line.shortfall} unit(s) of this line: receive stock or choose lots before fulfilling.
        </Text>
      )}
      {line.allocations.length ? (
        <div className="flex flex-col gap-y-1">
          {line.allocations.map((a) => (
            <div key={a.id} className="bg-ui-bg-subtle flex items-center justify-between gap-x-3 rounded-md px-3 py-1.5" data-testid="order-lot-allocation">
              <div className="flex items-center gap-x-2">
                <Link to={`/lots/${a.lot_id}`} className="txt-compact-small-plus text-ui-fg-interactive font-mono">
                  {a.lot_number}
                </Link>
                {a.lot_status && a.lot_status !== "active" && <LotBadges lot={{ status: a.lot_status }} />}
                <span className="txt-compact-xsmall text-ui-fg-subtle">exp. {formatCalendarDate(a.expires_at)}</span>
              </div>
              <div className="flex items-center gap-x-2">
                <span className="txt-compact-xsmall text-ui-fg-subtle">{locationName(a.location_id)}</span>
                <span className="txt-compact-small">× {a.quantity}</span>
                <StatusBadge color={ALLOCATION_COLORS[a.status] ?? "grey"}>{a.status}</StatusBadge>
              </div>
            </div>
          ))}
        </div>
      ) : (
        <Text size="xsmall" className="text-ui-fg-muted">
          No lot recorded for this line (not lot-tracked, or not allocated yet).
        </Text>
      )}
    </div>
  )
}

const OrderLotsWidget = ({ data: order }: OrderProps) => {
  const orderLots = useOrderLots(order.id)
  const locations = useStockLocations()
  const [choosing, setChoosing] = useState<OrderLotLine | null>(null)
  const locationName = (id: string) => locations.data?.stock_locations.find((l) => l.id === id)?.name ?? id
  const lines = orderLots.data?.order_lots.lines ?? []
  const isTracked = (l: OrderLotLine) => l.allocations.length > 0 || l.shortfall > 0
  const shortfall = lines.reduce((s, l) => s + l.shortfall, 0)

  return (
    <Section
      title="Lots"
      subtitle={shortfall ? `${shortfall} unit(s) without a lot` : "Lots reserved and shipped per line item."}
      testId="order-lots-widget"
    >
      <QueryState query={orderLots} isEmpty={(d) => !d.order_lots.lines.some(isTracked)} empty="No lot-tracked item in this order.">
        {(d) => (
          <div className="divide-y">
            {d.order_lots.lines.map((line) => (
              <LineLots key={line.line_item_id} line={line} locationName={locationName} onChoose={() => setChoosing(line)} />
            ))}
          </div>
        )}
      </QueryState>
      <ChooseLotsDrawer orderId={order.id} line={choosing} onClose={() => setChoosing(null)} />
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
})

export default OrderLotsWidget
