import { Alert, Badge, Button, FocusModal, Heading, Hint, Input, Label, Switch, Text, Textarea, clx, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { get, post, useInvalidateLotTracking, useInventoryItemSearch, useStockLocations } from "../lib/api"
import { errorMessage, mapApiErrors, nameIds } from "../lib/field-errors"
import { todayInBrowser } from "../lib/format"
import { parseGs1, type Gs1Scan } from "../lib/gs1"
import {
  applyScan,
  emptyReceiveLotForm,
  RECEIVE_LOT_FIELDS,
  receiveLotBody,
  validateReceiveLotForm,
  type ReceiveLotForm,
} from "../lib/receive-form"
import type { InventoryItem, Lot } from "../lib/types"
import { FormField } from "./form-field"

type Props = {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Preselects the item (inventory item widget). */
  inventoryItem?: InventoryItem | null
  onReceived?: (lot: Lot) => void
}

/** Finds the inventory item of a scanned GTIN through the variants' barcode / EAN / UPC. */
async function itemForGtin(gtin: string): Promise<InventoryItem | null> {
  const short = gtin.replace(/^0+/, "")
  try {
    const { variants } = await get<{ variants: any[] }>("/admin/product-variants", {
      q: short,
      limit: 5,
      fields: "id,sku,barcode,ean,upc,inventory_items.inventory_item_id,inventory_items.inventory.title,inventory_items.inventory.sku",
    })
    const match = variants.find((v) =>
      [v.barcode, v.ean, v.upc].some((code: string | null) => code && code.replace(/^0+/, "") === short)
    )
    const link = match?.inventory_items?.[0]
    if (!link) {
      return null
    }
    return { id: link.inventory_item_id, sku: link.inventory?.sku ?? match.sku ?? null, title: link.inventory?.title ?? null }
  } catch {
    return null
  }
}

export const ReceiveLotModal = ({ open, onOpenChange, inventoryItem, onReceived }: Props) => {
  const [form, setForm] = useState<ReceiveLotForm>(emptyReceiveLotForm)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [scanText, setScanText] = useState("")
  const [scan, setScan] = useState<Gs1Scan | null>(null)
  const [scanError, setScanError] = useState<string | null>(null)
  const [itemQuery, setItemQuery] = useState("")
  const [item, setItem] = useState<InventoryItem | null>(inventoryItem ?? null)
  const [saving, setSaving] = useState(false)
  const invalidate = useInvalidateLotTracking()
  const locations = useStockLocations()
  const items = useInventoryItemSearch(itemQuery)

  useEffect(() => {
    if (open) {
      setForm({ ...emptyReceiveLotForm(), inventory_item_id: inventoryItem?.id ?? "" })
      setItem(inventoryItem ?? null)
      setErrors({})
      setGeneral(null)
      setScan(null)
      setScanText("")
      setScanError(null)
      setItemQuery("")
    }
  }, [open, inventoryItem?.id])

  const today = useMemo(() => todayInBrowser(), [open])
  const expiredDate = !!form.expires_at && form.expires_at < today

  const set = <K extends keyof ReceiveLotForm>(key: K, value: ReceiveLotForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }))
    setErrors((e) => {
      const { [key as string]: _, ...rest } = e
      return rest
    })
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
    setScan(res.scan)
    setForm((f) => applyScan(f, res.scan))
    setErrors({})
    if (res.scan.gtin && !item) {
      const found = await itemForGtin(res.scan.gtin)
      if (found) {
        chooseItem(found)
      }
    }
  }

  const submit = async () => {
    const clientErrors = validateReceiveLotForm(form)
    setGeneral(null)
    if (Object.keys(clientErrors).length) {
      setErrors(clientErrors)
      return
    }
    setSaving(true)
    try {
      const { lot } = await post<{ lot: Lot }>("/admin/lots", receiveLotBody(form))
      toast.success(`Lot ${lot.lot_number} received`, {
        description: `${lot.stocked_quantity} units of ${lot.inventory_item?.title ?? lot.inventory_item?.sku ?? "the item"}`,
      })
      await invalidate()
      onReceived?.(lot)
      onOpenChange(false)
    } catch (e) {
      const names: Record<string, string | null> = Object.fromEntries(locationRows.map((l) => [l.id, l.name]))
      if (item) names[item.id] = item.sku ?? item.title
      const mapped = mapApiErrors(nameIds(errorMessage(e), names), RECEIVE_LOT_FIELDS)
      setErrors(mapped.fields)
      setGeneral(mapped.general)
    } finally {
      setSaving(false)
    }
  }

  const locationRows = [...(locations.data?.stock_locations ?? [])].sort((a, b) => a.name.localeCompare(b.name))

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content data-testid="receive-lot-modal">
        <FocusModal.Header />
        <FocusModal.Body className="flex flex-1 flex-col items-center overflow-y-auto">
          <form
            id="receive-lot-form"
            className="flex w-full max-w-[720px] flex-col gap-y-8 px-2 py-12"
            onSubmit={(e) => {
              e.preventDefault()
              submit()
            }}
          >
            <div>
              <FocusModal.Title asChild>
                <Heading>Receive lot</Heading>
              </FocusModal.Title>
              <FocusModal.Description asChild>
                <Text size="small" className="text-ui-fg-subtle">
                  Record a production batch and the units received per warehouse. Scan the GS1 label to fill the lot
                  number and dates.
                </Text>
              </FocusModal.Description>
            </div>

            {general && (
              <Alert variant="error" dismissible={false} data-testid="receive-general-error">
                {general}
              </Alert>
            )}

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
                  {scan.warnings.map((w) => (
                    <Hint key={w}>{w}</Hint>
                  ))}
                </div>
              )}
            </div>

            <FormField label="Inventory item" htmlFor="inventory_item_id" error={errors.inventory_item_id}>
              {item ? (
                <div className="flex items-center justify-between rounded-md border px-3 py-2" data-testid="selected-item">
                  <div>
                    <Text size="small" weight="plus">
                      {item.title ?? item.sku ?? item.id}
                    </Text>
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {item.sku}
                    </Text>
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
                        <Text size="small">{i.title ?? i.id}</Text>
                        <Text size="xsmall" className="text-ui-fg-subtle font-mono">
                          {i.sku}
                        </Text>
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
              <FormField
                label="Lot number"
                htmlFor="lot_number"
                optional
                hint="Leave empty to generate one from the pattern."
                error={errors.lot_number}
              >
                <Input
                  id="lot_number"
                  value={form.lot_number}
                  onChange={(e) => set("lot_number", e.target.value)}
                  placeholder="Generated"
                  aria-invalid={!!errors.lot_number}
                />
              </FormField>
              <FormField label="Supplier" htmlFor="supplier" optional error={errors.supplier}>
                <Input
                  id="supplier"
                  value={form.supplier}
                  onChange={(e) => set("supplier", e.target.value)}
                  aria-invalid={!!errors.supplier}
                />
              </FormField>
              <FormField label="Manufactured" htmlFor="manufactured_at" optional error={errors.manufactured_at}>
                <Input
                  id="manufactured_at"
                  type="date"
                  value={form.manufactured_at}
                  onChange={(e) => set("manufactured_at", e.target.value)}
                  aria-invalid={!!errors.manufactured_at}
                />
              </FormField>
              <FormField
                label="Expires"
                htmlFor="expires_at"
                error={errors.expires_at}
                hint={expiredDate ? "This date is in the past." : "The last day the goods are fit for use."}
              >
                <Input
                  id="expires_at"
                  type="date"
                  value={form.expires_at}
                  onChange={(e) => set("expires_at", e.target.value)}
                  aria-invalid={!!errors.expires_at}
                />
              </FormField>
              <FormField label="Best before" htmlFor="best_before" optional error={errors.best_before}>
                <Input
                  id="best_before"
                  type="date"
                  value={form.best_before}
                  onChange={(e) => set("best_before", e.target.value)}
                  aria-invalid={!!errors.best_before}
                />
              </FormField>
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

            <FormField label="Quantities received" htmlFor="receive" error={errors.receive}>
              <div className="flex flex-col divide-y rounded-md border" data-testid="receive-quantities">
                {locationRows.map((l) => (
                  <div key={l.id} className="flex items-center justify-between gap-x-4 px-3 py-2">
                    <Label htmlFor={`qty-${l.id}`} size="small">
                      {l.name}
                    </Label>
                    <Input
                      id={`qty-${l.id}`}
                      type="number"
                      min={0}
                      step={1}
                      inputMode="numeric"
                      className={clx("w-32")}
                      placeholder="0"
                      value={form.quantities[l.id] ?? ""}
                      onChange={(e) => set("quantities", { ...form.quantities, [l.id]: e.target.value })}
                      data-testid="qty-input"
                      data-location-name={l.name}
                    />
                  </div>
                ))}
                {locations.isLoading && <Text size="small" className="px-3 py-2">Loading locations…</Text>}
              </div>
            </FormField>

            <FormField label="Note" htmlFor="note" optional error={errors.note}>
              <Textarea id="note" value={form.note} onChange={(e) => set("note", e.target.value)} rows={2} />
            </FormField>
          </form>
        </FocusModal.Body>
        <FocusModal.Footer>
          <FocusModal.Close asChild>
            <Button variant="secondary" size="small" type="button">
              Cancel
            </Button>
          </FocusModal.Close>
          <Button size="small" type="submit" form="receive-lot-form" isLoading={saving} data-testid="receive-submit">
            Receive
          </Button>
        </FocusModal.Footer>
      </FocusModal.Content>
    </FocusModal>
  )
}
