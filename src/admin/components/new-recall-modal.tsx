import { Button, Checkbox, Input, RadioGroup, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useNavigate } from "react-router-dom"
import type { InventoryItem, Lot, RecallClass } from "../../types/http"
import { useInventoryItemSearch, useStockLocations } from "../hooks/api/core"
import { useLots } from "../hooks/api/lots"
import { useOpenRecall } from "../hooks/api/recalls"
import { useFormErrors } from "../hooks/use-form-errors"
import type { FieldMatcher } from "../lib/field-errors"
import { inventoryItemName } from "../lib/item-names"
import { parseSerialList, serialCountText, serialListProblem } from "../lib/serials"
import { LotBadges } from "./common"
import { FormField } from "./form-field"
import { FormModal } from "./form-drawer"

const COMMON_FIELDS: FieldMatcher[] = [
  { field: "public_reason", match: ["public_reason"] },
  { field: "reason", match: ["reason"] },
  { field: "classification", match: ["classification"] },
]

const FIELDS: FieldMatcher[] = [
  { field: "scope", match: ["scope"] },
  { field: "lot_ids", match: ["lot_ids", "Lot", "lots"] },
  ...COMMON_FIELDS,
]

/** A recall by serial: messages name the serials, or ask which item's serials are meant. */
const SERIAL_FIELDS: FieldMatcher[] = [
  { field: "serial_numbers", match: ["serial_numbers", /\bserials?\b/i] },
  { field: "inventory_item_id", match: ["inventory_item_id", "several inventory items"] },
  ...COMMON_FIELDS,
]

/** Whole lots, or single units named by their serials. */
type Mode = "lots" | "serials"

export const RECALL_CLASSES = [
  { value: "I", label: "Class I — may cause serious harm or death" },
  { value: "II", label: "Class II — may cause temporary or reversible harm" },
  { value: "III", label: "Class III — unlikely to cause harm (quality issue)" },
]

type Props = {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Lots chosen beforehand (from a lot's page). */
  lots?: Pick<Lot, "id" | "lot_number">[]
}

export const NewRecallModal = ({ open, onOpenChange, lots: preset }: Props) => {
  const navigate = useNavigate()
  const [mode, setMode] = useState<Mode>("lots")
  const [selected, setSelected] = useState<Record<string, string>>({})
  const [search, setSearch] = useState("")
  const [serialText, setSerialText] = useState("")
  const [item, setItem] = useState<InventoryItem | null>(null)
  const [itemPicker, setItemPicker] = useState(false)
  const [reason, setReason] = useState("")
  const [publicReason, setPublicReason] = useState("")
  const [classification, setClassification] = useState<string>("")
  // Partial recall (docs/RECALLS.md): stock at some locations, shipments in a date range.
  const [scopeLocations, setScopeLocations] = useState<string[]>([])
  const [shippedFrom, setShippedFrom] = useState("")
  const [shippedTo, setShippedTo] = useState("")
  const locations = useStockLocations()
  const errors = useFormErrors(mode === "serials" ? SERIAL_FIELDS : FIELDS)
  const openRecall = useOpenRecall()
  const candidates = useLots({ q: search || undefined, limit: 8, order: "lot_number" }, { enabled: open && mode === "lots" })
  const serials = parseSerialList(serialText)

  useEffect(() => {
    if (open) {
      setMode("lots")
      setSelected(Object.fromEntries((preset ?? []).map((l) => [l.id, l.lot_number])))
      setSearch("")
      setSerialText("")
      setItem(null)
      setItemPicker(false)
      setReason("")
      setPublicReason("")
      setClassification("")
      setScopeLocations([])
      setShippedFrom("")
      setShippedTo("")
      errors.clear()
    }
  }, [open, (preset ?? []).map((l) => l.id).join(",")])

  // The API asks which item's serials are meant: show the item picker.
  useEffect(() => {
    if (errors.errors.inventory_item_id) {
      setItemPicker(true)
    }
  }, [errors.errors.inventory_item_id])

  const toggle = (lot: Lot) =>
    setSelected((s) => {
      const next = { ...s }
      if (next[lot.id]) {
        delete next[lot.id]
      } else {
        next[lot.id] = lot.lot_number
      }
      return next
    })

  const submit = () => {
    const local: Record<string, string> = {}
    if (mode === "lots" && !Object.keys(selected).length) local.lot_ids = "Choose at least one lot"
    if (mode === "serials") {
      const problem = serials.length ? serialListProblem(serials) : "Scan, type or paste the serial of one unit at least"
      if (problem) local.serial_numbers = problem
    }
    if (!reason.trim()) local.reason = "Give the reason for the recall"
    if (mode === "lots" && shippedFrom && shippedTo && shippedFrom > shippedTo) local.scope = "The first ship date must not be after the last"
    if (!errors.check(local)) {
      return
    }
    const scope = {
      ...(scopeLocations.length ? { location_ids: scopeLocations } : {}),
      ...(shippedFrom ? { shipped_from: shippedFrom } : {}),
      ...(shippedTo ? { shipped_to: shippedTo } : {}),
    }
    const what =
      mode === "lots"
        ? { lot_ids: Object.keys(selected), ...(Object.keys(scope).length ? { scope } : {}) }
        : { serial_numbers: serials, ...(item ? { inventory_item_id: item.id } : {}) }
    openRecall.mutate(
      {
        ...what,
        reason: reason.trim(),
        ...(publicReason.trim() ? { public_reason: publicReason.trim() } : {}),
        ...(classification ? { classification: classification as RecallClass } : {}),
      },
      {
        onSuccess: (res) => {
          toast.success(`Recall ${res.recall.reference ?? ""} opened`, {
            description: `The ${mode === "lots" ? "lots" : "units"} are blocked; affected customers are listed.`,
          })
          onOpenChange(false)
          navigate(`/lots/recalls/${res.recall.id}`)
        },
        onError: (e) => errors.fromApiError(e),
      }
    )
  }

  return (
    <FormModal
      open={open}
      onOpenChange={onOpenChange}
      title="New recall"
      description={
        mode === "lots"
          ? "Opening a recall blocks the lots at once, moves open reservations to other lots where possible and lists every customer who received them."
          : "Opening a recall by serial blocks the units named wherever they are (the rest of their lots stays on sale) and lists every customer who received one."
      }
      general={errors.general}
      generalTestId="recall-general-error"
      saving={openRecall.isPending}
      onSubmit={submit}
      submitLabel="Open recall"
      submitVariant="danger"
      testId="new-recall-modal"
      submitTestId="recall-submit"
    >
      <RadioGroup
        value={mode}
        onValueChange={(v) => {
          setMode(v as Mode)
          errors.clear()
        }}
        className="grid grid-cols-1 gap-3 md:grid-cols-2"
        data-testid="recall-mode"
      >
        <RadioGroup.ChoiceBox
          value="lots"
          label="By lots"
          description="Every unit of the lots: in stock, reserved or shipped."
          data-testid="recall-mode-lots"
        />
        <RadioGroup.ChoiceBox
          value="serials"
          label="By serial numbers"
          description="Only the units named by their serials, whatever their lots."
          data-testid="recall-mode-serials"
        />
      </RadioGroup>
      {mode === "serials" ? (
        <>
          <FormField
            label="Serial numbers"
            htmlFor="recall-serials"
            hint="One per line: scan the units' labels (a whole GS1 label counts as its serial), type them or paste a list."
            error={errors.errors.serial_numbers}
          >
            <Textarea
              id="recall-serials"
              rows={6}
              className="font-mono"
              placeholder="Scan or type one serial per line, or paste a list"
              value={serialText}
              onChange={(e) => {
                setSerialText(e.target.value)
                errors.clearField("serial_numbers")
              }}
              data-testid="recall-serials-input"
            />
            <Text size="xsmall" weight="plus" className="text-ui-fg-subtle self-end" data-testid="recall-serials-count">
              {serialCountText(serials.length, null)}
            </Text>
          </FormField>
          {itemPicker || item ? (
            <FormField
              label="Item"
              htmlFor="recall-item-search"
              optional
              hint="Only when items share serial numbers: the serials of this item are recalled."
              error={errors.errors.inventory_item_id}
            >
              <ItemPicker
                item={item}
                onChange={(i) => {
                  setItem(i)
                  errors.clearField("inventory_item_id")
                }}
              />
            </FormField>
          ) : (
            <Button
              size="small"
              variant="transparent"
              type="button"
              className="self-start"
              onClick={() => setItemPicker(true)}
              data-testid="recall-limit-item"
            >
              Limit to the serials of one item
            </Button>
          )}
        </>
      ) : (
        <FormField label="Lots" htmlFor="recall-lot-search" error={errors.errors.lot_ids}>
          <div className="flex flex-wrap gap-1" data-testid="recall-selected-lots">
            {Object.entries(selected).map(([id, number]) => (
              <Button key={id} size="small" variant="secondary" type="button" onClick={() => toggle({ id, lot_number: number } as Lot)}>
                <span className="font-mono">{number}</span> ✕
              </Button>
            ))}
          </div>
          <Input
            id="recall-lot-search"
            type="search"
            placeholder="Search lot number"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <div className="flex max-h-56 flex-col overflow-y-auto rounded-md border">
            {(candidates.data?.lots ?? []).map((lot) => (
              <label key={lot.id} className="hover:bg-ui-bg-base-hover flex cursor-pointer items-center gap-x-3 border-b px-3 py-2 last:border-b-0">
                <Checkbox checked={!!selected[lot.id]} onCheckedChange={() => toggle(lot)} disabled={lot.status === "recalled"} />
                <span className="txt-compact-small-plus font-mono">{lot.lot_number}</span>
                <span className="txt-compact-small text-ui-fg-subtle flex-1 truncate">{inventoryItemName(lot.inventory_item)}</span>
                <LotBadges lot={lot} />
              </label>
            ))}
          </div>
        </FormField>
      )}
      {mode === "lots" && (
        <FormField
          label="Limit the recall"
          htmlFor="recall-scope-from"
          optional
          hint="Only the stock at the chosen locations is blocked (the lots stay on sale elsewhere), and only shipments from them within the ship dates (your calendar days) are affected. Leave empty for the whole lots."
          error={errors.errors.scope}
        >
          <div className="flex flex-wrap gap-x-4 gap-y-1" data-testid="recall-scope-locations">
            {(locations.data?.stock_locations ?? []).map((l) => (
              <label key={l.id} className="txt-compact-small flex cursor-pointer items-center gap-x-2">
                <Checkbox
                  checked={scopeLocations.includes(l.id)}
                  onCheckedChange={() =>
                    setScopeLocations((ids) => (ids.includes(l.id) ? ids.filter((x) => x !== l.id) : [...ids, l.id]))
                  }
                  data-testid="recall-scope-location"
                  data-location={l.name}
                />
                {l.name}
              </label>
            ))}
          </div>
          <div className="flex items-center gap-x-2">
            <Text size="small" className="text-ui-fg-subtle">
              Shipped from
            </Text>
            <Input
              id="recall-scope-from"
              size="small"
              type="date"
              value={shippedFrom}
              max={shippedTo || undefined}
              onChange={(e) => {
                setShippedFrom(e.target.value)
                errors.clearField("scope")
              }}
              data-testid="recall-scope-from"
            />
            <Text size="small" className="text-ui-fg-subtle">
              to
            </Text>
            <Input
              id="recall-scope-to"
              size="small"
              type="date"
              value={shippedTo}
              min={shippedFrom || undefined}
              onChange={(e) => {
                setShippedTo(e.target.value)
                errors.clearField("scope")
              }}
              data-testid="recall-scope-to"
            />
          </div>
        </FormField>
      )}
      <FormField label="Reason (internal)" htmlFor="recall-reason" error={errors.errors.reason}>
        <Textarea
          id="recall-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          placeholder="e.g. Supplier reported Salmonella contamination of raw material batch 7781"
          data-testid="recall-reason"
        />
      </FormField>
      <FormField
        label="Reason for customers"
        htmlFor="recall-public-reason"
        optional
        hint="Shown in customer notices and the public lot lookup; the internal reason stays internal."
        error={errors.errors.public_reason}
      >
        <Textarea id="recall-public-reason" value={publicReason} onChange={(e) => setPublicReason(e.target.value)} rows={2} />
      </FormField>
      <FormField label="Class" htmlFor="recall-class" optional error={errors.errors.classification}>
        <Select value={classification} onValueChange={setClassification}>
          <Select.Trigger id="recall-class" data-testid="recall-class">
            <Select.Value placeholder="Choose a class" />
          </Select.Trigger>
          <Select.Content>
            {RECALL_CLASSES.map((c) => (
              <Select.Item key={c.value} value={c.value}>
                {c.label}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
      </FormField>
    </FormModal>
  )
}

/** The item whose serials are meant, when items share serial numbers: searched by title or SKU. */
const ItemPicker = ({ item, onChange }: { item: InventoryItem | null; onChange: (item: InventoryItem | null) => void }) => {
  const [q, setQ] = useState("")
  const items = useInventoryItemSearch(q)
  if (item) {
    return (
      <div className="flex items-center gap-x-2" data-testid="recall-item">
        <Text size="small">{inventoryItemName(item, item.id)}</Text>
        <Button size="small" variant="secondary" type="button" onClick={() => onChange(null)}>
          Change
        </Button>
      </div>
    )
  }
  return (
    <div className="flex flex-col gap-y-2">
      <Input id="recall-item-search" type="search" placeholder="Search item (title or SKU)" value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="flex max-h-40 flex-col overflow-y-auto rounded-md border">
        {(items.data?.inventory_items ?? []).map((i) => (
          <button
            type="button"
            key={i.id}
            onClick={() => onChange(i)}
            className="hover:bg-ui-bg-base-hover border-b px-3 py-2 text-left last:border-b-0"
            data-testid="recall-item-option"
          >
            <Text size="small">{inventoryItemName(i, i.id)}</Text>
          </button>
        ))}
      </div>
    </div>
  )
}
