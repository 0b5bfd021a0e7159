import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ExclamationCircle } from "@medusajs/icons"
import { Alert, Badge, Button, Drawer, Input, StatusBadge, Text, toast } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { Link } from "react-router-dom"
import { Empty, LotBadges, Section } from "../components/common"
import { get, post, useInvalidateLotTracking, useOrderLots, useStockLocations } from "../lib/api"
import { errorMessage } from "../lib/field-errors"
import { formatCalendarDate, relativeDays } from "../lib/format"
import type { InventoryItem, ListResponse, Lot, OrderLotLine } from "../lib/types"

type OrderProps = { data: { id: string; display_id?: number } }

const ALLOCATION_COLORS = { reserved: "blue", fulfilled: "green", released: "grey", returned: "purple" } as const

/** The inventory item of a line: from its lots, else by the variant's SKU. */
const useLineItem = (line: OrderLotLine, enabled: boolean) =>
  useQuery({
    queryKey: ["lot-tracking", "line-item-inventory", line.line_item_id, line.sku],
    enabled,
    queryFn: async () => {
      const fromLots = line.allocations.find((a) => a.inventory_item_id)?.inventory_item_id
      if (fromLots) {
        return fromLots
      }
      if (!line.sku) {
        return null
      }
      const { inventory_items } = await get<ListResponse<"inventory_items", InventoryItem>>("/admin/inventory-items", {
        sku: line.sku,
        limit: 1,
        fields: "id,sku",
      })
      return inventory_items[0]?.id ?? null
    },
  })

const ChooseLotsDrawer = ({ orderId, line, onClose }: { orderId: string; line: OrderLotLine | null; onClose: () => void }) => {
  const item = useLineItem(line ?? ({ allocations: [], line_item_id: "", sku: null } as unknown as OrderLotLine), !!line)
  const lots = useQuery({
    queryKey: ["lot-tracking", "lots", "candidates", item.data],
    enabled: !!item.data,
    queryFn: () =>
      get<ListResponse<"lots", Lot>>("/admin/lots", {
        inventory_item_id: item.data!,
        status: "active",
        expired: "false",
        has_stock: "true",
        order: "expires_at",
        limit: 50,
      }),
  })
  const [quantities, setQuantities] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const invalidate = useInvalidateLotTracking()
  const reservedLocation = line?.allocations.find((a) => a.status === "reserved")?.location_id

  useEffect(() => {
    if (line) {
      setQuantities(
        Object.fromEntries(line.allocations.filter((a) => a.status === "reserved").map((a) => [a.lot_id, String(a.quantity)]))
      )
      setError(null)
    }
  }, [line?.line_item_id])

  if (!line) {
    return null
  }
  const toShip = line.quantity - line.fulfilled_quantity
  const total = Object.values(quantities).reduce((s, q) => s + (Number(q) || 0), 0)

  const submit = async () => {
    const chosen = Object.entries(quantities)
      .filter(([, q]) => q.trim() !== "" && Number(q) > 0)
      .map(([lot_id, q]) => ({ lot_id, quantity: Number(q) }))
    if (!chosen.length) {
      setError("Enter a quantity for at least one lot")
      return
    }
    if (chosen.some((c) => !Number.isInteger(c.quantity))) {
      setError("Quantities must be whole numbers")
      return
    }
    setSaving(true)
    setError(null)
    try {
      await post(`/admin/orders/${orderId}/lots`, { line_item_id: line.line_item_id, lots: chosen })
      toast.success("Lots chosen", { description: `${line.title}: ${chosen.map((c) => c.quantity).reduce((a, b) => a + b, 0)} units reserved on the chosen lots` })
      await invalidate()
      onClose()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Drawer open={!!line} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="choose-lots-drawer">
        <Drawer.Header>
          <Drawer.Title>Choose lots</Drawer.Title>
          <Drawer.Description className="sr-only">Choose the lots of a line before it is fulfilled</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <div>
            <Text size="small" weight="plus">
              {line.title} <span className="text-ui-fg-subtle font-mono">{line.sku}</span>
            </Text>
            <Text size="small" className="text-ui-fg-subtle">
              {toShip} units still to ship. The chosen lots replace the line's current reservations, at the location Medusa
              reserved the line's stock; soonest expiry first.
            </Text>
          </div>
          {error && (
            <Alert variant="error" dismissible={false} data-testid="choose-lots-error">
              {error}
            </Alert>
          )}
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
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" onClick={submit} isLoading={saving} data-testid="choose-lots-submit">
            Reserve these lots
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
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
  const { data, isLoading, isError, error } = useOrderLots(order.id)
  const locations = useStockLocations()
  const [choosing, setChoosing] = useState<OrderLotLine | null>(null)
  const locationName = (id: string) => locations.data?.stock_locations.find((l) => l.id === id)?.name ?? id
  const lines = data?.order_lots.lines ?? []
  const tracked = lines.filter((l) => l.allocations.length || l.shortfall)
  const shortfall = lines.reduce((s, l) => s + l.shortfall, 0)

  return (
    <Section
      title="Lots"
      subtitle={shortfall ? `${shortfall} unit(s) without a lot` : "Lots reserved and shipped per line item."}
      testId="order-lots-widget"
    >
      {isError ? (
        <Empty>{errorMessage(error)}</Empty>
      ) : isLoading ? (
        <Empty>Loading…</Empty>
      ) : tracked.length ? (
        <div className="divide-y">
          {lines.map((line) => (
            <LineLots key={line.line_item_id} line={line} locationName={locationName} onChoose={() => setChoosing(line)} />
          ))}
        </div>
      ) : (
        <Empty>No lot-tracked item in this order.</Empty>
      )}
      <ChooseLotsDrawer orderId={order.id} line={choosing} onClose={() => setChoosing(null)} />
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
})

export default OrderLotsWidget
