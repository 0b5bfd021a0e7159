import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ExclamationCircle } from "@medusajs/icons"
import { Badge, Button, Hint, Input, StatusBadge, Text, Textarea, clx, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { OrderLotLine } from "../../types/http"
import { Link } from "react-router-dom"
import { Empty, LotBadges, QueryState, Section } from "../components/common"
import { FormDrawer } from "../components/form-drawer"
import { SerialBadges } from "../components/serial-badges"
import { useStockLocations } from "../hooks/api/core"
import { useLots } from "../hooks/api/lots"
import { useAssignOrderLots, useOrderLineInventoryItem, useOrderLots } from "../hooks/api/order-lots"
import { useTrackingPolicy } from "../hooks/api/policies"
import { useFormErrors } from "../hooks/use-form-errors"
import { formatCalendarDate, relativeDays } from "../lib/format"
import { parseSerialList, serialCountHint, serialCountText, serialListProblem } from "../lib/serials"

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

/**
 * Staff name the units of a serialized line: scanned (a scanner ends each
 * code with Enter, one per line) or typed. The serials are reserved for the
 * line and decide its lots; they replace its reserved serials, which the list
 * starts with.
 */
const ScanSerialsDrawer = ({
  orderId,
  line,
  locationName,
  onClose,
}: {
  orderId: string
  line: OrderLotLine | null
  locationName: (id: string) => string
  onClose: () => void
}) => {
  const [text, setText] = useState("")
  const errors = useFormErrors([{ field: "serials", match: ["serial_numbers", /\bserials?\b/i] }])
  const assign = useAssignOrderLots(orderId)

  useEffect(() => {
    if (line) {
      const reserved = (line.serials ?? []).filter((s) => s.status === "reserved").map((s) => s.serial_number)
      setText(reserved.length ? `${reserved.join("\n")}\n` : "")
      errors.clear()
    }
  }, [line?.line_item_id])

  if (!line) {
    return null
  }
  const toShip = line.quantity - line.fulfilled_quantity
  const serials = parseSerialList(text)
  const hint = serialCountHint(serials.length, toShip)
  // The units are picked where Medusa reserved the line's stock.
  const reservedAt = [...new Set(line.allocations.filter((a) => a.status === "reserved").map((a) => a.location_id))]

  const submit = () => {
    const problem = !serials.length
      ? "Scan or type the serial of one unit at least"
      : serials.length > toShip
        ? `${serials.length} serials for ${toShip} unit${toShip === 1 ? "" : "s"} still to ship: remove ${serials.length - toShip}`
        : serialListProblem(serials)
    if (!errors.check(problem ? { serials: problem } : {})) {
      return
    }
    assign.mutate(
      { line_item_id: line.line_item_id, serial_numbers: serials },
      {
        onSuccess: () => {
          toast.success("Serials reserved", { description: `${line.title}: ${serials.length} unit${serials.length === 1 ? "" : "s"} named` })
          onClose()
        },
        onError: (e) => errors.fromApiError(e, Object.fromEntries(line.allocations.map((a) => [a.location_id, locationName(a.location_id)]))),
      }
    )
  }

  return (
    <FormDrawer
      open={!!line}
      onOpenChange={(o) => !o && onClose()}
      title="Scan serials"
      description="Name the units of a serialized line before it is fulfilled"
      intro={
        <div>
          <Text size="small" weight="plus">
            {line.title} <span className="text-ui-fg-subtle font-mono">{line.sku}</span>
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            {toShip} unit{toShip === 1 ? "" : "s"} still to ship. Scan the serial label of each unit picked, or type the serials one per
            line: they are reserved for this line and replace its reserved serials.
          </Text>
          {reservedAt.length > 0 && (
            <Text size="small" className="text-ui-fg-subtle" data-testid="scan-serials-location">
              Pick the units at {reservedAt.map(locationName).join(" or ")}, where the line's stock is reserved.
            </Text>
          )}
        </div>
      }
      general={errors.general}
      generalTestId="scan-serials-general-error"
      saving={assign.isPending}
      onSubmit={submit}
      submitLabel="Reserve these units"
      testId="scan-serials-drawer"
      submitTestId="scan-serials-submit"
      bodyClassName="gap-y-4"
    >
      <div className="flex flex-col gap-y-2">
        <Textarea
          id="scan-serials"
          aria-label="Serials of the units to ship"
          rows={8}
          autoFocus
          className="font-mono"
          placeholder="Scan or type one serial per line"
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            errors.clearField("serials")
          }}
          data-testid="scan-serials-input"
        />
        <div className="flex items-start justify-between gap-x-3">
          {errors.errors.serials ? (
            <Hint variant="error" data-testid="error-scan-serials">
              {errors.errors.serials}
            </Hint>
          ) : (
            <Hint>{hint ?? "A whole GS1 label scanned here counts as its serial (21)."}</Hint>
          )}
          <Text
            size="small"
            weight="plus"
            className={clx("whitespace-nowrap", serials.length > toShip ? "text-ui-fg-error" : "text-ui-fg-subtle")}
            data-testid="scan-serials-count"
          >
            {serialCountText(serials.length, toShip)}
          </Text>
        </div>
      </div>
    </FormDrawer>
  )
}

/**
 * Is the line's item serialized? Its serials say so; else its item's policy
 * (looked up only then, and then it also says whether staff must scan them).
 */
const useLineSerials = (line: OrderLotLine) => {
  const known = (line.serials?.length ?? 0) > 0
  const item = useOrderLineInventoryItem(known ? null : line)
  const policy = useTrackingPolicy(item.data ?? "", { enabled: !known && !!item.data })
  return { serialized: known || !!policy.data?.policy.serialized, capture: policy.data?.policy.serial_capture }
}

/** The units of a serialized line, each with its status; a serial opens the Serials page found. */
const LineSerials = ({ serials }: { serials: NonNullable<OrderLotLine["serials"]> }) => (
  <div className="flex flex-wrap gap-1.5" data-testid="order-line-serials">
    {serials.map((s) => (
      <div
        key={s.serial_number}
        className="bg-ui-bg-subtle flex items-center gap-x-2 rounded-md px-2 py-1"
        data-testid="order-line-serial"
        data-serial={s.serial_number}
      >
        <Link
          to={`/lots/serials?q=${encodeURIComponent(s.serial_number)}`}
          className="txt-compact-small-plus text-ui-fg-interactive font-mono"
        >
          {s.serial_number}
        </Link>
        <SerialBadges serial={s} />
      </div>
    ))}
  </div>
)

const LineLots = ({
  line,
  locationName,
  onChoose,
  onScanSerials,
}: {
  line: OrderLotLine
  locationName: (id: string) => string
  onChoose: () => void
  onScanSerials: () => void
}) => {
  const toShip = line.quantity - line.fulfilled_quantity
  const { serialized, capture } = useLineSerials(line)
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
          {toShip > 0 && serialized && (
            <Button size="small" variant="secondary" onClick={onScanSerials} data-testid="scan-serials">
              Scan serials
            </Button>
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
      {serialized &&
        (line.serials?.length ? (
          <LineSerials serials={line.serials} />
        ) : (
          <Text size="xsmall" className="text-ui-fg-muted" data-testid="order-line-no-serials">
            No serial named for this line yet
            {toShip > 0 ? (capture === "required" ? ": scan the units before fulfilling." : ": scan them, or the plugin picks them at shipment.") : "."}
          </Text>
        ))}
    </div>
  )
}

const OrderLotsWidget = ({ data: order }: OrderProps) => {
  const orderLots = useOrderLots(order.id)
  const locations = useStockLocations()
  const [choosing, setChoosing] = useState<OrderLotLine | null>(null)
  const [scanning, setScanning] = useState<OrderLotLine | null>(null)
  const locationName = (id: string) => locations.data?.stock_locations.find((l) => l.id === id)?.name ?? id
  const lines = orderLots.data?.order_lots.lines ?? []
  const isTracked = (l: OrderLotLine) => l.allocations.length > 0 || l.shortfall > 0
  const shortfall = lines.reduce((s, l) => s + l.shortfall, 0)

  return (
    <Section
      title="Lots"
      subtitle={shortfall ? `${shortfall} unit(s) without a lot` : "Lots and serials reserved and shipped per line item."}
      testId="order-lots-widget"
      actions={
        <>
          <Button size="small" variant="secondary" asChild>
            <Link to={`/lots/pick-list?order_id=${encodeURIComponent(order.id)}`} data-testid="order-pick-list">
              Pick list
            </Link>
          </Button>
          <Button size="small" variant="secondary" asChild>
            <Link to={`/lots/packing-slip?order_id=${encodeURIComponent(order.id)}`} data-testid="order-packing-slip">
              Packing slip
            </Link>
          </Button>
        </>
      }
    >
      <QueryState query={orderLots} isEmpty={(d) => !d.order_lots.lines.some(isTracked)} empty="No lot-tracked item in this order.">
        {(d) => (
          <div className="divide-y">
            {d.order_lots.lines.map((line) => (
              <LineLots
                key={line.line_item_id}
                line={line}
                locationName={locationName}
                onChoose={() => setChoosing(line)}
                onScanSerials={() => setScanning(line)}
              />
            ))}
          </div>
        )}
      </QueryState>
      <ChooseLotsDrawer orderId={order.id} line={choosing} onClose={() => setChoosing(null)} />
      <ScanSerialsDrawer orderId={order.id} line={scanning} locationName={locationName} onClose={() => setScanning(null)} />
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
})

export default OrderLotsWidget
