import { Badge, Button, Hint, Input, Label, Switch, Text, Textarea, clx, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import type { InventoryItem, Lot } from "../../types/http"
import { inventoryItemForGtin, useInventoryItemSearch, useStockLocations } from "../hooks/api/core"
import { useCreateLot } from "../hooks/api/lots"
import { useLotTrackingSettings } from "../hooks/api/onboarding"
import { useTrackingPolicy } from "../hooks/api/policies"
import { useFormErrors } from "../hooks/use-form-errors"
import { todayInBrowser } from "../lib/format"
import { gs1LotTarget, parseGs1, type Gs1Scan } from "../lib/gs1"
import { inventoryItemName } from "../lib/item-names"
import {
  addSerial,
  applyScan,
  binErrorKey,
  emptyReceiveLotForm,
  emptySerialEntry,
  RECEIVE_LOT_FIELDS,
  receiveLotBody,
  serialScanLocation,
  serialsErrorKey,
  validateReceiveLotForm,
  type ReceiveLotForm,
  type SerialEntry,
} from "../lib/receive-form"
import { firstFew } from "../../lib/serial-numbers"
import { FormModal } from "./form-drawer"
import { FormField } from "./form-field"
import { LotAttributeFields, type LotAttribute } from "./lot-attribute-fields"
import { ReceiveSerials } from "./receive-serials"

type Props = {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Preselects the item (inventory item widget). */
  inventoryItem?: InventoryItem | null
  onReceived?: (lot: Lot) => void
}

export const ReceiveLotModal = ({ open, onOpenChange, inventoryItem, onReceived }: Props) => {
  const [form, setForm] = useState<ReceiveLotForm>(emptyReceiveLotForm)
  const errors = useFormErrors(RECEIVE_LOT_FIELDS)
  const [scanText, setScanText] = useState("")
  const [scan, setScan] = useState<Gs1Scan | null>(null)
  const [scanError, setScanError] = useState<string | null>(null)
  /** What became of a scan's serial (AI 21): added to a location's list, or already there. */
  const [scanNote, setScanNote] = useState<string | null>(null)
  /** A scanned serial waiting for the item's policy (the item may come from the scan's GTIN). */
  const [pendingSerial, setPendingSerial] = useState<string | null>(null)
  /** The location whose serials were edited last: a scanned serial goes there. */
  const [serialLocation, setSerialLocation] = useState<string | null>(null)
  const [itemQuery, setItemQuery] = useState("")
  const [item, setItem] = useState<InventoryItem | null>(inventoryItem ?? null)
  const createLot = useCreateLot()
  const locations = useStockLocations()
  const items = useInventoryItemSearch(itemQuery)
  const policy = useTrackingPolicy(form.inventory_item_id, { enabled: !!form.inventory_item_id })
  // Whose code a label's AI 10 carries (plugin option); the merchant's lot number until the settings say otherwise.
  const settings = useLotTrackingSettings()
  const lotIsSupplierCode = !!settings.data?.settings.gs1_lot_is_supplier_code
  const itemPolicy = form.inventory_item_id ? policy.data?.policy : undefined
  const serialized = !!itemPolicy?.serialized

  useEffect(() => {
    if (open) {
      setForm({ ...emptyReceiveLotForm(), inventory_item_id: inventoryItem?.id ?? "" })
      setItem(inventoryItem ?? null)
      errors.clear()
      setScan(null)
      setScanText("")
      setScanError(null)
      setScanNote(null)
      setPendingSerial(null)
      setSerialLocation(null)
      setItemQuery("")
    }
  }, [open, inventoryItem?.id])

  const locationRows = [...(locations.data?.stock_locations ?? [])].sort((a, b) => a.name.localeCompare(b.name))
  const locationIds = locationRows.map((l) => l.id)

  // A scanned unit's serial joins a location's list once the item is known to be serialized.
  useEffect(() => {
    if (!pendingSerial || !itemPolicy) {
      return
    }
    if (!itemPolicy.serialized) {
      setPendingSerial(null)
      return
    }
    const target = serialScanLocation(form, locationIds, serialLocation)
    if (!target) {
      return // the locations are still loading
    }
    const res = addSerial(form, target, pendingSerial)
    const where = locationRows.find((l) => l.id === target)?.name ?? target
    setScanNote(res.added ? `Serial ${pendingSerial} added to ${where}.` : `Serial ${pendingSerial} is in the list already.`)
    if (res.added) {
      setForm(res.form)
      errors.clearField(serialsErrorKey(target))
    }
    setPendingSerial(null)
  }, [pendingSerial, itemPolicy, locationIds.join(",")])

  const today = useMemo(() => todayInBrowser(), [open])
  const expiredDate = !!form.expires_at && form.expires_at < today

  const set = <K extends keyof ReceiveLotForm>(key: K, value: ReceiveLotForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }))
    errors.clearField(key)
  }

  const setSerials = (locationId: string, patch: Partial<SerialEntry>) => {
    setForm((f) => ({
      ...f,
      serials: { ...f.serials, [locationId]: { ...(f.serials[locationId] ?? emptySerialEntry()), ...patch } },
    }))
    setSerialLocation(locationId)
    errors.clearField(serialsErrorKey(locationId))
    errors.clearField("receive")
  }

  const chooseItem = (i: InventoryItem | null) => {
    setItem(i)
    set("inventory_item_id", i?.id ?? "")
  }

  const readScan = async (text = scanText) => {
    if (!text.trim()) {
      return
    }
    const res = parseGs1(text)
    if (!res.ok) {
      setScan(null)
      setScanError(res.error)
      return
    }
    setScanError(null)
    setScanNote(null)
    setScan(res.scan)
    setForm((f) => applyScan(f, res.scan, { lotIsSupplierCode }))
    setPendingSerial(res.scan.serial ?? null)
    errors.setFields({})
    if (res.scan.gtin && !item) {
      const found = await inventoryItemForGtin(res.scan.gtin)
      if (found) {
        chooseItem(found)
      }
    }
  }

  const submit = () => {
    if (!errors.check(validateReceiveLotForm(form, { serialized }))) {
      return
    }
    createLot.mutate(receiveLotBody(form, { serialized }), {
      onSuccess: ({ lot, serial_numbers }) => {
        const serials = serial_numbers?.length ? ` · serials ${firstFew(serial_numbers, 3)}` : ""
        toast.success(`Lot ${lot.lot_number} received`, {
          description: `${lot.stocked_quantity} units of ${inventoryItemName(lot.inventory_item, "the item")}${serials}`,
        })
        onReceived?.(lot)
        onOpenChange(false)
      },
      onError: (e) => {
        const names: Record<string, string | null> = Object.fromEntries(locationRows.map((l) => [l.id, l.name]))
        if (item) names[item.id] = inventoryItemName(item, item.id)
        errors.fromApiError(e, names)
      },
    })
  }

  return (
    <FormModal
      open={open}
      onOpenChange={onOpenChange}
      title="Receive lot"
      description={
        lotIsSupplierCode
          ? "Record a production batch and the units received per warehouse. Scan the GS1 label to fill the supplier lot code and dates."
          : "Record a production batch and the units received per warehouse. Scan the GS1 label to fill the lot number and dates."
      }
      general={errors.general}
      generalTestId="receive-general-error"
      saving={createLot.isPending}
      onSubmit={submit}
      submitLabel="Receive"
      testId="receive-lot-modal"
      submitTestId="receive-submit"
      formId="receive-lot-form"
    >
      <div className="bg-ui-bg-subtle flex flex-col gap-y-3 rounded-lg border border-dashed p-4">
        <FormField
          label="Scan GS1-128 / DataMatrix"
          htmlFor="gs1_scan"
          optional
          hint="Scan the label, or type the human-readable form, e.g. (01)03453120000011(17)271231(10)ABC123, then Enter."
          error={scanError ?? undefined}
        >
          <div className="flex gap-x-2">
            <div className="flex-1">
            <Input
              id="gs1_scan"
              name="gs1_scan"
              autoComplete="off"
              placeholder="(01)…(17)YYMMDD(10)LOT"
              value={scanText}
              onChange={(e) => setScanText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault()
                  readScan()
                }
              }}
              onPaste={(e) => {
                const text = e.clipboardData.getData("text")
                if (text) {
                  e.preventDefault()
                  setScanText(text)
                  readScan(text)
                }
              }}
              className="font-mono"
              data-testid="gs1-scan-input"
            />
            </div>
            <Button type="button" variant="secondary" size="small" onClick={() => readScan()} data-testid="gs1-read">
              Read scan
            </Button>
          </div>
        </FormField>
        {scan && (
          <div className="flex flex-col gap-y-1" data-testid="gs1-elements">
            <div className="flex flex-wrap gap-1">
              {scan.elements.map((el) => (
                <Badge key={el.ai + el.value} size="2xsmall" className="font-mono">
                  ({el.ai}) {el.title}: {el.value}
                </Badge>
              ))}
            </div>
            {scan.lot_number !== undefined && gs1LotTarget(lotIsSupplierCode) === "supplier_lot_code" && (
              <Hint data-testid="gs1-lot-target">
                {`Batch (10) ${scan.lot_number} is the supplier's code here: it fills the supplier lot code; the lot number is generated unless you type one.`}
              </Hint>
            )}
            {scan.warnings.map((w) => (
              <Hint key={w}>{w}</Hint>
            ))}
            {scanNote && <Hint data-testid="gs1-serial-note">{scanNote}</Hint>}
          </div>
        )}
      </div>

      <FormField label="Inventory item" htmlFor="inventory_item_id" error={errors.errors.inventory_item_id}>
        {item ? (
          <div className="flex items-center justify-between rounded-md border px-3 py-2" data-testid="selected-item">
            <div>
              <Text size="small" weight="plus">
                {inventoryItemName(item, item.id)}
              </Text>
              {serialized && (
                <Text size="xsmall" className="text-ui-fg-subtle" data-testid="item-serialized">
                  Serialized: one serial per unit received
                </Text>
              )}
            </div>
            {!inventoryItem && (
              <Button type="button" variant="transparent" size="small" onClick={() => chooseItem(null)}>
                Change
              </Button>
            )}
          </div>
        ) : (
          <div className="flex flex-col gap-y-2">
            <Input
              id="inventory_item_id"
              type="search"
              placeholder="Search by title or SKU"
              value={itemQuery}
              onChange={(e) => setItemQuery(e.target.value)}
              data-testid="item-search"
            />
            <div className="flex max-h-48 flex-col overflow-y-auto rounded-md border" data-testid="item-results">
              {(items.data?.inventory_items ?? []).map((i) => (
                <button
                  type="button"
                  key={i.id}
                  onClick={() => chooseItem(i)}
                  className="hover:bg-ui-bg-base-hover flex items-center justify-between border-b px-3 py-2 text-left last:border-b-0"
                  data-testid="item-option"
                >
                  <Text size="small">{inventoryItemName(i, i.id)}</Text>
                </button>
              ))}
              {items.data && !items.data.inventory_items.length && (
                <Text size="small" className="text-ui-fg-muted px-3 py-2">
                  No inventory item matches “{itemQuery}”.
                </Text>
              )}
            </div>
          </div>
        )}
      </FormField>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <LotAttributeFields
          fields={["lot_number", "supplier_lot_code", "manufactured_at", "expires_at", "best_before", "supplier"]}
          values={form}
          errors={errors.errors}
          onChange={(field, value) => set(field as Exclude<LotAttribute, "origin">, value)}
          optional={{ lot_number: true }}
          placeholders={{ lot_number: "Generated" }}
          hints={{
            lot_number: "Leave empty to generate one from the pattern.",
            supplier_lot_code: "The batch code on the supplier's label, if it differs from the lot number.",
            expires_at: expiredDate ? "This date is in the past." : "The last day the goods are fit for use.",
          }}
        />
        {expiredDate && (
          <div className="flex items-center gap-x-2 self-end pb-2">
            <Switch
              id="allow_expired"
              checked={form.allow_expired}
              onCheckedChange={(v) => set("allow_expired", v)}
            />
            <Label htmlFor="allow_expired" size="small">
              Receive expired stock anyway
            </Label>
          </div>
        )}
      </div>

      <FormField
        label={serialized ? "Quantities and serials received" : "Quantities received"}
        htmlFor="receive"
        hint={
          serialized
            ? "A GS1 scan with a serial (21) adds it to the location whose serials you edited last. A bin (shelf code) is optional."
            : "A bin (shelf code) is optional: where the units are put away."
        }
        error={errors.errors.receive}
      >
        <div className="flex flex-col divide-y rounded-md border" data-testid="receive-quantities">
          {locationRows.map((l) => (
            <div key={l.id} className="flex flex-col gap-y-2 px-3 py-2">
              <div className="flex items-center justify-between gap-x-4">
                <Label htmlFor={`qty-${l.id}`} size="small">
                  {l.name}
                </Label>
                <div className="flex items-center gap-x-2">
                  <Input
                    id={`qty-${l.id}`}
                    type="number"
                    min={0}
                    step={1}
                    inputMode="numeric"
                    className={clx("w-32")}
                    placeholder="0"
                    aria-label={`Quantity received at ${l.name}`}
                    value={form.quantities[l.id] ?? ""}
                    onChange={(e) => {
                      set("quantities", { ...form.quantities, [l.id]: e.target.value })
                      errors.clearField(serialsErrorKey(l.id))
                    }}
                    data-testid="qty-input"
                    data-location-name={l.name}
                  />
                  <Input
                    id={`bin-${l.id}`}
                    className={clx("w-32 font-mono")}
                    placeholder="Bin"
                    autoComplete="off"
                    aria-label={`Bin at ${l.name}`}
                    aria-invalid={!!errors.errors[binErrorKey(l.id)]}
                    value={form.bins[l.id] ?? ""}
                    onChange={(e) => {
                      set("bins", { ...form.bins, [l.id]: e.target.value })
                      errors.clearField(binErrorKey(l.id))
                    }}
                    data-testid="bin-input"
                    data-location-name={l.name}
                  />
                </div>
              </div>
              {errors.errors[binErrorKey(l.id)] && (
                <Hint variant="error" data-testid="error-bin" data-location-name={l.name}>
                  {errors.errors[binErrorKey(l.id)]}
                </Hint>
              )}
              {serialized && itemPolicy && (
                <ReceiveSerials
                  locationId={l.id}
                  locationName={l.name}
                  entry={form.serials[l.id] ?? emptySerialEntry()}
                  quantity={/^\d+$/.test((form.quantities[l.id] ?? "").trim()) ? Number(form.quantities[l.id]) : null}
                  pattern={itemPolicy.serial_pattern}
                  error={errors.errors[serialsErrorKey(l.id)]}
                  onChange={(patch) => setSerials(l.id, patch)}
                  onFocus={() => setSerialLocation(l.id)}
                />
              )}
            </div>
          ))}
          {locations.isLoading && <Text size="small" className="px-3 py-2">Loading locations…</Text>}
        </div>
      </FormField>

      <FormField label="Note" htmlFor="note" optional error={errors.errors.note}>
        <Textarea id="note" value={form.note} onChange={(e) => set("note", e.target.value)} rows={2} />
      </FormField>
    </FormModal>
  )
}
