import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ExclamationCircle } from "@medusajs/icons"
import { Badge, Button, Input, StatusBadge, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { Link } from "react-router-dom"
import type { ReturnLotsItem, ReturnUnits } from "../../types/http"
import { Empty, LotBadges, QueryState, Section } from "../components/common"
import { FormDrawer } from "../components/form-drawer"
import { useNameReturnLots, useOrderReturnLots, type OrderReturn } from "../hooks/api/return-lots"
import { useFormErrors } from "../hooks/use-form-errors"
import { inventoryItemName } from "../lib/item-names"

type OrderProps = { data: { id: string; display_id?: number } }

/** What the drawer names lots for: the receipt in progress, or units awaiting their lot. */
type Mode = "receipt" | "awaiting"

const unitsFor = (item: ReturnLotsItem, mode: Mode): ReturnUnits =>
  (mode === "receipt" ? item.receiving : item.awaiting) ?? { normal: 0, damaged: 0 }

const describeUnits = (u: ReturnUnits) =>
  [u.normal ? `${u.normal} to restock` : null, u.damaged ? `${u.damaged} damaged` : null].filter(Boolean).join(", ") || "none"

const fieldKey = (line: string, item: string, lot: string, damaged: boolean) => `${line}|${item}|${lot}|${damaged ? "d" : "n"}`

const NameReturnLotsDrawer = ({ ret, mode, onClose }: { ret: OrderReturn | null; mode: Mode; onClose: () => void }) => {
  const [values, setValues] = useState<Record<string, string>>({})
  const errors = useFormErrors()
  const nameLots = useNameReturnLots(ret?.id ?? "")

  useEffect(() => {
    if (!ret) {
      return
    }
    // Prefill with the lots already named for the receipt.
    const initial: Record<string, string> = {}
    if (mode === "receipt") {
      for (const line of ret.lots.lines) {
        for (const item of line.items) {
          for (const n of item.named) {
            const k = fieldKey(line.line_item_id, item.inventory_item_id, n.lot_id, n.damaged)
            initial[k] = String((Number(initial[k]) || 0) + n.quantity)
          }
        }
      }
    }
    setValues(initial)
    errors.clear()
  }, [ret?.id, mode])

  if (!ret) {
    return null
  }
  const lines = ret.lots.lines
    .map((line) => ({ ...line, items: line.items.filter((i) => { const u = unitsFor(i, mode); return u.normal + u.damaged > 0 }) }))
    .filter((line) => line.items.length)

  const submit = () => {
    const lots = Object.entries(values)
      .filter(([, q]) => q.trim() !== "" && Number(q) > 0)
      .map(([k, q]) => {
        const [line_item_id, , lot_id, d] = k.split("|")
        return { line_item_id, lot_id, quantity: Number(q), ...(d === "d" ? { damaged: true } : {}) }
      })
    if (!lots.length) {
      errors.setGeneral("Enter a quantity for at least one lot")
      return
    }
    if (lots.some((l) => !Number.isInteger(l.quantity))) {
      errors.setGeneral("Quantities must be whole numbers")
      return
    }
    errors.clear()
    nameLots.mutate(
      { lots },
      {
        onSuccess: () => {
          const units = lots.reduce((s, l) => s + l.quantity, 0)
          toast.success(mode === "receipt" ? "Return lots named" : "Return lots confirmed", {
            description:
              mode === "receipt"
                ? `${units} units will go back to the named lots when the receipt is confirmed`
                : `${units} units moved from the awaiting lot to their lots`,
          })
          onClose()
        },
        onError: (e) => errors.fromApiError(e),
      }
    )
  }

  return (
    <FormDrawer
      open={!!ret}
      onOpenChange={(o) => !o && onClose()}
      title={mode === "receipt" ? "Name the lots of returned units" : "Confirm the lots of returned units"}
      description="Say which lot each returned unit belongs to"
      intro={`${
        mode === "receipt"
          ? "For the receipt in progress: the units go back to these lots when you confirm the receipt. Units you do not name go back to the lots the line shipped from."
          : "These units came back from a line shipped from several lots, one of them quarantined or recalled. They are held back from sale until you say which lot they belong to."
      } Quantities are in inventory units (a kit counts its parts).`}
      general={errors.general}
      generalTestId="return-lots-error"
      saving={nameLots.isPending}
      onSubmit={submit}
      submitLabel={mode === "receipt" ? "Save lots for this receipt" : "Confirm lots"}
      testId="return-lots-drawer"
      submitTestId="return-lots-submit"
      bodyClassName="gap-y-4"
    >
      {lines.map((line) => (
        <div key={line.line_item_id} className="flex flex-col gap-y-2">
          <Text size="small" weight="plus">
            {line.title} <span className="text-ui-fg-subtle font-mono">{line.sku}</span>
          </Text>
          {line.items.map((item) => {
            const units = unitsFor(item, mode)
            const open = item.shipped.filter((s) => s.quantity > s.returned_quantity)
            return (
              <div key={item.inventory_item_id} className="flex flex-col gap-y-1" data-testid="return-lots-item">
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {line.items.length > 1 || item.required_quantity > 1 ? `Part ${inventoryItemName(item.inventory_item, item.inventory_item_id)} (${item.required_quantity} per unit): ` : ""}
                  {describeUnits(units)}
                </Text>
                <div className="flex flex-col divide-y rounded-md border">
                  {open.length ? (
                    open.map((s) => (
                      <div key={s.allocation_id} className="flex items-center justify-between gap-x-3 px-3 py-2">
                        <div className="flex flex-col">
                          <span className="txt-compact-small-plus font-mono">{s.lot_number}</span>
                          <span className="txt-compact-xsmall text-ui-fg-subtle">
                            shipped {s.quantity}, {s.quantity - s.returned_quantity} not back yet
                          </span>
                          {s.lot_status !== "active" && <LotBadges lot={{ status: s.lot_status }} />}
                        </div>
                        <div className="flex items-center gap-x-2">
                          {units.normal > 0 && (
                            <Input
                              type="number"
                              min={0}
                              className="w-20"
                              placeholder="0"
                              aria-label={`Units of ${s.lot_number}`}
                              value={values[fieldKey(line.line_item_id, item.inventory_item_id, s.lot_id, false)] ?? ""}
                              onChange={(e) => setValues((v) => ({ ...v, [fieldKey(line.line_item_id, item.inventory_item_id, s.lot_id, false)]: e.target.value }))}
                              data-testid={`return-qty-${s.lot_number}`}
                            />
                          )}
                          {units.damaged > 0 && (
                            <Input
                              type="number"
                              min={0}
                              className="w-20"
                              placeholder="damaged"
                              aria-label={`Damaged units of ${s.lot_number}`}
                              value={values[fieldKey(line.line_item_id, item.inventory_item_id, s.lot_id, true)] ?? ""}
                              onChange={(e) => setValues((v) => ({ ...v, [fieldKey(line.line_item_id, item.inventory_item_id, s.lot_id, true)]: e.target.value }))}
                              data-testid={`return-damaged-qty-${s.lot_number}`}
                            />
                          )}
                        </div>
                      </div>
                    ))
                  ) : (
                    <Empty>No lot shipped units of this line that are not back yet.</Empty>
                  )}
                </div>
              </div>
            )
          })}
        </div>
      ))}
    </FormDrawer>
  )
}

const ReturnCard = ({ ret, onName }: { ret: OrderReturn; onName: (mode: Mode) => void }) => {
  const lots = ret.lots
  const receiving = lots.receipt && lots.lines.some((l) => l.items.some((i) => (i.receiving?.normal ?? 0) + (i.receiving?.damaged ?? 0) > 0))
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="return-lots-card" data-return-id={ret.id}>
      <div className="flex items-start justify-between gap-x-4">
        <div className="flex items-center gap-x-2">
          <Text size="small" weight="plus">
            Return {ret.display_id ? `#${ret.display_id}` : ret.id}
          </Text>
          <Badge size="2xsmall">{ret.status.replace(/_/g, " ")}</Badge>
          {lots.awaiting_lot_confirmation > 0 && (
            <StatusBadge color="orange" data-testid="return-awaiting">
              <span className="flex items-center gap-x-1">
                <ExclamationCircle /> {lots.awaiting_lot_confirmation} awaiting lot confirmation
              </span>
            </StatusBadge>
          )}
        </div>
        <div className="flex items-center gap-x-2">
          {lots.awaiting_lot_confirmation > 0 ? (
            <Button size="small" variant="secondary" onClick={() => onName("awaiting")} data-testid="confirm-return-lots">
              Confirm lots
            </Button>
          ) : receiving ? (
            <Button size="small" variant="secondary" onClick={() => onName("receipt")} data-testid="name-return-lots">
              Name lots
            </Button>
          ) : null}
        </div>
      </div>
      {lots.lines.map((line) =>
        line.items.map((item) => (
          <div key={`${line.line_item_id}:${item.inventory_item_id}`} className="bg-ui-bg-subtle flex flex-col gap-y-1 rounded-md px-3 py-2" data-testid="return-lots-line">
            <Text size="xsmall" weight="plus">
              {line.title}
              {line.items.length > 1 ? ` · part ${inventoryItemName(item.inventory_item, item.inventory_item_id)} (${item.required_quantity} per unit)` : ""}
            </Text>
            <Text size="xsmall" className="text-ui-fg-subtle">
              Shipped from{" "}
              {item.shipped.length
                ? item.shipped.map((s, i) => (
                    <span key={s.allocation_id}>
                      {i ? ", " : ""}
                      <Link to={`/lots/${s.lot_id}`} className="text-ui-fg-interactive font-mono">
                        {s.lot_number}
                      </Link>{" "}
                      × {s.quantity}
                      {s.returned_quantity ? ` (${s.returned_quantity} back)` : ""}
                    </span>
                  ))
                : "no recorded lot"}
            </Text>
            {item.returned.length > 0 && (
              <Text size="xsmall" className="text-ui-fg-subtle">
                This return: {item.returned.map((r) => `${r.lot_number} × ${r.quantity}${r.damaged ? " damaged" : ""}`).join(", ")}
              </Text>
            )}
            {item.named.length > 0 && (
              <Text size="xsmall" className="text-ui-fg-subtle" data-testid="return-named">
                Named for this receipt: {item.named.map((n) => `${n.lot_number} × ${n.quantity}${n.damaged ? " damaged" : ""}`).join(", ")}
              </Text>
            )}
            {item.awaiting && (
              <Text size="xsmall" className="text-ui-tag-orange-text">
                Awaiting lot confirmation: {describeUnits(item.awaiting)}; held back from sale until confirmed.
              </Text>
            )}
          </div>
        ))
      )}
    </div>
  )
}

const ReturnLotsWidget = ({ data: order }: OrderProps) => {
  const query = useOrderReturnLots(order.id)
  const [naming, setNaming] = useState<{ ret: OrderReturn; mode: Mode } | null>(null)
  const returns = (query.data ?? []).filter((r) => r.lots.lines.some((l) => l.items.length))
  if (!query.isLoading && !query.isError && !returns.length) {
    return null
  }
  const awaiting = returns.reduce((s, r) => s + r.lots.awaiting_lot_confirmation, 0)
  return (
    <Section
      title="Return lots"
      subtitle={awaiting ? `${awaiting} returned unit(s) awaiting lot confirmation` : "Which lots returned units went back to."}
      testId="return-lots-widget"
    >
      <QueryState query={query}>
        {() => (
          <div className="divide-y">
            {returns.map((r) => (
              <ReturnCard key={r.id} ret={r} onName={(mode) => setNaming({ ret: r, mode })} />
            ))}
          </div>
        )}
      </QueryState>
      <NameReturnLotsDrawer ret={naming?.ret ?? null} mode={naming?.mode ?? "receipt"} onClose={() => setNaming(null)} />
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
})

export default ReturnLotsWidget
