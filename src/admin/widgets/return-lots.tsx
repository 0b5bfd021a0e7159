import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ExclamationCircle } from "@medusajs/icons"
import { Badge, Button, Input, StatusBadge, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { Link } from "react-router-dom"
import type { ReturnLotsItem, ReturnUnits } from "../../types/http"
import { Empty, LotBadges, QueryState, Section } from "../components/common"
import { FormDrawer } from "../components/form-drawer"
import { ReturnSerialFields } from "../components/return-serial-fields"
import {
  useNameReturnLots,
  useOrderReturnLots,
  useReturnSerials,
  type NameReturnLotsBody,
  type OrderReturn,
  type ReturnSerials,
} from "../hooks/api/return-lots"
import { useFormErrors } from "../hooks/use-form-errors"
import { errorMessage } from "../lib/field-errors"
import { inventoryItemName } from "../lib/item-names"
import {
  checkReturnSerials,
  emptyReturnSerials,
  mapReturnLotErrors,
  returnLineNames,
  returnSerialField,
  returnSerialLots,
  returnSerialMatchers,
  type ReturnSerialEntry,
} from "../lib/return-serials"

type OrderProps = { data: { id: string; display_id?: number } }

/** What the drawer names lots for: the receipt in progress, or units awaiting their lot. */
type Mode = "receipt" | "awaiting"

const unitsFor = (item: ReturnLotsItem, mode: Mode): ReturnUnits =>
  (mode === "receipt" ? item.receiving : item.awaiting) ?? { normal: 0, damaged: 0 }

const describeUnits = (u: ReturnUnits) =>
  [u.normal ? `${u.normal} to restock` : null, u.damaged ? `${u.damaged} damaged` : null].filter(Boolean).join(", ") || "none"

const fieldKey = (line: string, item: string, lot: string, damaged: boolean) => `${line}|${item}|${lot}|${damaged ? "d" : "n"}`

/** A lot named for the receipt, with the serials of its units when the API lists them (serialized items). */
type NamedLot = ReturnLotsItem["named"][number] & { serial_numbers?: string[] }

const itemKey = (line: string, item: string) => `${line}|${item}`

/** Serials named for the receipt, in the lists they were named in. */
function namedSerials(item: ReturnLotsItem, units: ReturnUnits): ReturnSerialEntry {
  const named = item.named as NamedLot[]
  const of = (damaged: boolean) => named.filter((n) => n.damaged === damaged).flatMap((n) => n.serial_numbers ?? [])
  const [normal, damaged] = [of(false), of(true)]
  return {
    list: normal.length ? `${normal.join("\n")}\n` : "",
    damagedOn: damaged.length > 0 || units.damaged > 0,
    damaged: damaged.length ? `${damaged.join("\n")}\n` : "",
  }
}

/** What the drawer is for; serialized items are named by serial, the others by lot and quantity. */
const drawerIntro = (mode: Mode, serialized: "none" | "some" | "all") => {
  const bySerial =
    "For an item with serial numbers, scan or type the serial of each unit that came back: its serial says its lot. Units not named are taken from those still out, lowest serial first."
  if (serialized === "all" && mode === "receipt") {
    return `For the receipt in progress: the units go back to stock when you confirm the receipt, the damaged ones kept apart. ${bySerial}`
  }
  return [
    mode === "receipt"
      ? "For the receipt in progress: the units go back to these lots when you confirm the receipt. Units you do not name go back to the lots the line shipped from."
      : "These units came back from a line shipped from several lots, one of them quarantined or recalled. They are held back from sale until you say which lot they belong to.",
    serialized === "all" ? null : "Quantities are in inventory units (a kit counts its parts).",
    serialized === "none" ? null : bySerial,
  ]
    .filter(Boolean)
    .join(" ")
}

const NameReturnLotsDrawer = ({
  ret,
  mode,
  serialInfo,
  onClose,
}: {
  ret: OrderReturn | null
  mode: Mode
  serialInfo: ReturnSerials
  onClose: () => void
}) => {
  const [values, setValues] = useState<Record<string, string>>({})
  const [serials, setSerials] = useState<Record<string, ReturnSerialEntry>>({})
  const errors = useFormErrors()
  const nameLots = useNameReturnLots(ret?.id ?? "")

  useEffect(() => {
    if (!ret) {
      return
    }
    // Prefill with the lots (and serials) already named for the receipt.
    const initial: Record<string, string> = {}
    const initialSerials: Record<string, ReturnSerialEntry> = {}
    for (const line of ret.lots.lines) {
      for (const item of line.items) {
        initialSerials[itemKey(line.line_item_id, item.inventory_item_id)] =
          mode === "receipt" ? namedSerials(item, unitsFor(item, mode)) : emptyReturnSerials(unitsFor(item, mode).damaged > 0)
        if (mode !== "receipt") {
          continue
        }
        for (const n of item.named) {
          const k = fieldKey(line.line_item_id, item.inventory_item_id, n.lot_id, n.damaged)
          initial[k] = String((Number(initial[k]) || 0) + n.quantity)
        }
      }
    }
    setValues(initial)
    setSerials(initialSerials)
    errors.clear()
  }, [ret?.id, mode])

  if (!ret) {
    return null
  }
  const lines = ret.lots.lines
    .map((line) => ({ ...line, items: line.items.filter((i) => { const u = unitsFor(i, mode); return u.normal + u.damaged > 0 }) }))
    .filter((line) => line.items.length)
  const serialized = (item: ReturnLotsItem) => serialInfo.isSerialized(item.inventory_item_id)
  const entryOf = (line: string, item: ReturnLotsItem) =>
    serials[itemKey(line, item.inventory_item_id)] ?? emptyReturnSerials(unitsFor(item, mode).damaged > 0)

  const submit = () => {
    if (serialInfo.isLoading) {
      errors.setGeneral("Still finding out which items have serial numbers: try again in a moment")
      return
    }
    const lots: NameReturnLotsBody["lots"] = []
    const found: Record<string, string> = {}
    const checked: Parameters<typeof returnSerialMatchers>[0] = []
    for (const line of lines) {
      for (const item of line.items) {
        if (serialized(item)) {
          const check = checkReturnSerials(entryOf(line.line_item_id, item), unitsFor(item, mode))
          for (const list of ["normal", "damaged"] as const) {
            const problem = check.problems[list]
            if (problem) {
              found[returnSerialField(line.line_item_id, item.inventory_item_id, list)] = problem
            }
          }
          lots.push(...returnSerialLots(line.line_item_id, check))
          checked.push({ line_item_id: line.line_item_id, inventory_item_id: item.inventory_item_id, normal: check.normal, damaged: check.damaged })
          continue
        }
        for (const [k, q] of Object.entries(values)) {
          const [lineId, itemId, lot_id, d] = k.split("|")
          if (lineId === line.line_item_id && itemId === item.inventory_item_id && q.trim() !== "" && Number(q) > 0) {
            lots.push({ line_item_id: lineId, lot_id, quantity: Number(q), ...(d === "d" ? { damaged: true } : {}) })
          }
        }
      }
    }
    if (!errors.check(found)) {
      return
    }
    if (!lots.length) {
      errors.setGeneral(checked.length ? "Scan or type the serial of one returned unit at least" : "Enter a quantity for at least one lot")
      return
    }
    if (lots.some((l) => "quantity" in l && !Number.isInteger(l.quantity))) {
      errors.setGeneral("Quantities must be whole numbers")
      return
    }
    errors.clear()
    nameLots.mutate(
      { lots },
      {
        onSuccess: () => {
          const units = lots.reduce((s, l) => s + ("quantity" in l ? l.quantity : l.serial_numbers.length), 0)
          toast.success(mode === "receipt" ? (checked.length ? "Returned units named" : "Return lots named") : "Return lots confirmed", {
            description:
              mode === "receipt"
                ? `${units} units will go back to ${checked.length ? "stock (damaged ones apart)" : "the named lots"} when the receipt is confirmed`
                : `${units} units moved from the awaiting lot to their lots`,
          })
          onClose()
        },
        // Refusals about serials go under the list naming them; the rest above the form.
        onError: (e) => errors.show(mapReturnLotErrors(errorMessage(e), returnSerialMatchers(checked), returnLineNames(lines))),
      }
    )
  }

  const items = lines.flatMap((l) => l.items)
  const anySerialized = items.some(serialized)
  return (
    <FormDrawer
      open={!!ret}
      onOpenChange={(o) => !o && onClose()}
      title={
        anySerialized
          ? mode === "receipt"
            ? "Name the returned units"
            : "Confirm the returned units"
          : mode === "receipt"
            ? "Name the lots of returned units"
            : "Confirm the lots of returned units"
      }
      description={anySerialized ? "Say which units came back, by serial or by lot" : "Say which lot each returned unit belongs to"}
      intro={drawerIntro(mode, !anySerialized ? "none" : items.every(serialized) ? "all" : "some")}
      general={errors.general}
      generalTestId="return-lots-error"
      saving={nameLots.isPending}
      onSubmit={submit}
      submitLabel={mode === "receipt" ? (anySerialized ? "Save for this receipt" : "Save lots for this receipt") : "Confirm lots"}
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
            const label = (
              <Text size="xsmall" className="text-ui-fg-subtle">
                {line.items.length > 1 || item.required_quantity > 1 ? `Part ${inventoryItemName(item.inventory_item, item.inventory_item_id)} (${item.required_quantity} per unit): ` : ""}
                {describeUnits(units)}
              </Text>
            )
            if (serialized(item)) {
              const k = itemKey(line.line_item_id, item.inventory_item_id)
              return (
                <div key={item.inventory_item_id} className="flex flex-col gap-y-1" data-testid="return-lots-item" data-serialized="true">
                  {label}
                  <ReturnSerialFields
                    fieldId={`return-serials-${line.line_item_id}-${item.inventory_item_id}`}
                    units={units}
                    entry={entryOf(line.line_item_id, item)}
                    shipped={serialInfo.shipped(line.line_item_id, item.inventory_item_id)}
                    errors={{
                      normal: errors.errors[returnSerialField(line.line_item_id, item.inventory_item_id, "normal")],
                      damaged: errors.errors[returnSerialField(line.line_item_id, item.inventory_item_id, "damaged")],
                    }}
                    onChange={(entry, list) => {
                      setSerials((v) => ({ ...v, [k]: entry }))
                      errors.clearField(returnSerialField(line.line_item_id, item.inventory_item_id, list))
                    }}
                  />
                </div>
              )
            }
            return (
              <div key={item.inventory_item_id} className="flex flex-col gap-y-1" data-testid="return-lots-item">
                {label}
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

/** "LOT-1 × 2 damaged (SN-1, SN-2)": a lot named for a receipt, with its serials when named by serial. */
const describeNamed = (n: NamedLot) =>
  `${n.lot_number} × ${n.quantity}${n.damaged ? " damaged" : ""}${n.serial_numbers?.length ? ` (${n.serial_numbers.join(", ")})` : ""}`

const ReturnCard = ({ ret, serialInfo, onName }: { ret: OrderReturn; serialInfo: ReturnSerials; onName: (mode: Mode) => void }) => {
  const lots = ret.lots
  const receivingItems = lots.receipt ? lots.lines.flatMap((l) => l.items.filter((i) => (i.receiving?.normal ?? 0) + (i.receiving?.damaged ?? 0) > 0)) : []
  const bySerial = receivingItems.length > 0 && receivingItems.every((i) => serialInfo.isSerialized(i.inventory_item_id))
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
          ) : receivingItems.length ? (
            <Button size="small" variant="secondary" onClick={() => onName("receipt")} data-testid="name-return-lots">
              {bySerial ? "Name serials" : "Name lots"}
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
                Named for this receipt: {(item.named as NamedLot[]).map(describeNamed).join(", ")}
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
  const serialInfo = useReturnSerials(
    order.id,
    returns.flatMap((r) => r.lots.lines.flatMap((l) => l.items.map((i) => i.inventory_item_id)))
  )
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
              <ReturnCard key={r.id} ret={r} serialInfo={serialInfo} onName={(mode) => setNaming({ ret: r, mode })} />
            ))}
          </div>
        )}
      </QueryState>
      <NameReturnLotsDrawer ret={naming?.ret ?? null} mode={naming?.mode ?? "receipt"} serialInfo={serialInfo} onClose={() => setNaming(null)} />
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
})

export default ReturnLotsWidget
