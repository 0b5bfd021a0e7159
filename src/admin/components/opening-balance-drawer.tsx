import { Plus, Trash } from "@medusajs/icons"
import { Button, Hint, IconButton, Input, Label, Switch, Text, Textarea, clx, toast } from "@medusajs/ui"
import { useEffect, useMemo, useRef, useState } from "react"
import { useOpeningBalance, type UnassignedStock } from "../hooks/api/onboarding"
import { useTrackingPolicy } from "../hooks/api/policies"
import { useFormErrors } from "../hooks/use-form-errors"
import { todayInBrowser } from "../lib/format"
import {
  emptyOpeningBalanceForm,
  emptyOpeningLotRow,
  hasExpiredLot,
  openingBalanceBody,
  openingBalanceMatchers,
  remainingText,
  remainingUnits,
  rowErrorKey,
  TOTAL_ERROR_KEY,
  validateOpeningBalance,
  type OpeningBalanceForm,
  type OpeningLotField,
  type OpeningLotRow,
} from "../lib/opening-balance-form"
import { FormDrawer } from "./form-drawer"
import { FormField } from "./form-field"

type Props = {
  /** The units to assign (one item at one location); null: closed. */
  unassigned: UnassignedStock | null
  /** How staff know the item (product · variant · SKU). */
  itemName: string
  onClose: () => void
}

const TONE: Record<"ok" | "open" | "over", string> = {
  ok: "text-ui-fg-interactive",
  open: "text-ui-fg-subtle",
  over: "text-ui-fg-error",
}

/** The fields of one lot, in the order of the two-column grid (units and bin first: every lot has units). */
const LOT_FIELDS: { field: OpeningLotField; label: string; date?: boolean; mono?: boolean; placeholder?: string; hint?: string }[] = [
  { field: "quantity", label: "Units" },
  { field: "bin", label: "Bin", mono: true, placeholder: "e.g. A-01-03" },
  { field: "lot_number", label: "Lot number", mono: true, placeholder: "Generated", hint: "Empty: generated. An existing lot gets the units." },
  { field: "expires_at", label: "Expires", date: true },
  { field: "supplier_lot_code", label: "Supplier lot code", mono: true },
  { field: "supplier", label: "Supplier" },
  { field: "manufactured_at", label: "Manufactured", date: true },
]

/**
 * "Assign to lots": units Medusa already counts at a location, put into one
 * or more lots (opening balance). Medusa's level does not move; the item
 * becomes tracked. The running count says how many units are left to assign.
 */
export const OpeningBalanceDrawer = ({ unassigned, itemName, onClose }: Props) => {
  const total = unassigned?.quantity ?? 0
  const [form, setForm] = useState<OpeningBalanceForm>(() => emptyOpeningBalanceForm(total))
  const nextKey = useRef(1)
  const matchers = useMemo(() => openingBalanceMatchers(form), [form])
  const errors = useFormErrors(matchers)
  const assign = useOpeningBalance()
  const policy = useTrackingPolicy(unassigned?.inventory_item_id ?? "", { enabled: !!unassigned })
  const today = useMemo(() => todayInBrowser(), [unassigned])
  const locationName = unassigned?.location_name ?? unassigned?.location_id ?? ""
  // A first lot makes the item tracked: the policy's "expiry required" applies from then on.
  const requireExpiry = !!policy.data?.policy.require_expiry

  useEffect(() => {
    if (unassigned) {
      setForm(emptyOpeningBalanceForm(unassigned.quantity))
      nextKey.current = 1
      errors.clear()
    }
  }, [unassigned?.inventory_item_id, unassigned?.location_id])

  const setRow = (index: number, field: OpeningLotField, value: string) => {
    setForm((f) => ({ ...f, rows: f.rows.map((r, i) => (i === index ? { ...r, [field]: value } : r)) }))
    errors.clearField(rowErrorKey(index, field))
    if (field === "quantity") {
      errors.clearField(TOTAL_ERROR_KEY)
    }
  }

  /** A new lot gets the units still unassigned, if any. */
  const addRow = () => {
    const left = remainingUnits(total, form.rows)
    const row = emptyOpeningLotRow(`lot-${nextKey.current++}`, left > 0 ? String(left) : "")
    setForm((f) => ({ ...f, rows: [...f.rows, row] }))
  }

  const removeRow = (index: number) => {
    setForm((f) => ({ ...f, rows: f.rows.filter((_, i) => i !== index) }))
    // Errors are keyed by position: what was shown no longer lines up.
    errors.clear()
  }

  const submit = () => {
    if (!unassigned) {
      return
    }
    if (!errors.check(validateOpeningBalance(form, { unassigned: total, requireExpiry, locationName }))) {
      return
    }
    const body = openingBalanceBody(unassigned.inventory_item_id, unassigned.location_id, form)
    assign.mutate(body, {
      onSuccess: ({ lots, unassigned: after }) => {
        const units = body.lots.reduce((sum, l) => sum + l.quantity, 0)
        const left = after.find((u) => u.location_id === unassigned.location_id)?.quantity ?? 0
        toast.success(`${units} units of ${itemName} assigned to ${lots.length === 1 ? `lot ${lots[0].lot_number}` : `${lots.length} lots`}`, {
          description: left ? `${left} units at ${locationName} are still not in any lot.` : `Every unit at ${locationName} is in a lot.`,
        })
        onClose()
      },
      onError: (e) =>
        errors.fromApiError(e, { [unassigned.location_id]: locationName, [unassigned.inventory_item_id]: itemName }),
    })
  }

  const count = remainingText(total, form.rows)
  const expired = hasExpiredLot(form, today)

  return (
    <FormDrawer
      open={!!unassigned}
      onOpenChange={(open) => !open && onClose()}
      title="Assign to lots"
      description="Put units Medusa already counts into lots, without changing the inventory level"
      intro={
        <Text size="small" className="text-ui-fg-subtle">
          {`${total} units of ${itemName} at ${locationName} are not in any lot. Enter the lots they belong to: `}
          Medusa's inventory level stays as it is, and the item's lots are tracked from now on.
        </Text>
      }
      general={errors.general}
      generalTestId="opening-balance-general-error"
      saving={assign.isPending}
      onSubmit={submit}
      submitLabel="Assign to lots"
      testId="opening-balance-drawer"
      submitTestId="opening-balance-submit"
      formId="opening-balance-form"
    >
      <form
        id="opening-balance-form"
        className="flex flex-col gap-y-4"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        {form.rows.map((row, i) => (
          <LotRow
            key={row.key}
            index={i}
            row={row}
            errors={errors.errors}
            removable={form.rows.length > 1}
            requireExpiry={requireExpiry}
            onChange={(field, value) => setRow(i, field, value)}
            onRemove={() => removeRow(i)}
          />
        ))}
        <div className="flex items-start justify-between gap-x-4">
          <Button type="button" size="small" variant="secondary" onClick={addRow} data-testid="opening-balance-add-lot">
            <Plus /> Add another lot
          </Button>
          <div className="flex flex-col items-end gap-y-1 text-right">
            <Text size="small" weight="plus" className={TONE[count.tone]} data-testid="opening-balance-remaining" data-tone={count.tone}>
              {count.text}
            </Text>
            {errors.errors[TOTAL_ERROR_KEY] && (
              <Hint variant="error" data-testid="error-opening-balance-total">
                {errors.errors[TOTAL_ERROR_KEY]}
              </Hint>
            )}
          </div>
        </div>
        {expired && (
          <div className="flex items-center gap-x-2">
            <Switch
              id="opening-allow-expired"
              checked={form.allow_expired}
              onCheckedChange={(v) => setForm((f) => ({ ...f, allow_expired: v }))}
            />
            <Label htmlFor="opening-allow-expired" size="small">
              A lot has expired: assign its units anyway (they are held back from sale)
            </Label>
          </div>
        )}
        <FormField label="Note" htmlFor="opening-note" optional error={errors.errors.note}>
          <Textarea
            id="opening-note"
            rows={2}
            placeholder="e.g. Stock count at go-live"
            value={form.note}
            onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))}
          />
        </FormField>
      </form>
    </FormDrawer>
  )
}

/** One lot of the form: its codes and dates, then its units and bin. */
const LotRow = ({
  index,
  row,
  errors,
  removable,
  requireExpiry,
  onChange,
  onRemove,
}: {
  index: number
  row: OpeningLotRow
  errors: Record<string, string>
  removable: boolean
  requireExpiry: boolean
  onChange: (field: OpeningLotField, value: string) => void
  onRemove: () => void
}) => {
  const id = (field: OpeningLotField) => `opening-${index}-${field}`
  const input = (field: OpeningLotField, props: { type?: string; mono?: boolean; placeholder?: string; className?: string } = {}) => (
    <Input
      id={id(field)}
      type={props.type}
      className={clx(props.mono && "font-mono", props.className)}
      placeholder={props.placeholder}
      autoComplete="off"
      value={row[field]}
      aria-invalid={!!errors[rowErrorKey(index, field)]}
      onChange={(e) => onChange(field, e.target.value)}
      data-testid={`opening-${field}`}
    />
  )
  return (
    <div
      role="group"
      aria-label={`Lot ${index + 1}`}
      className="bg-ui-bg-subtle flex flex-col gap-y-3 rounded-lg border p-4"
      data-testid="opening-balance-lot"
      data-index={index}
    >
      <div className="flex items-center justify-between">
        <Text size="small" weight="plus" leading="compact">
          Lot {index + 1}
        </Text>
        {removable && (
          <IconButton type="button" size="small" variant="transparent" onClick={onRemove} aria-label={`Remove lot ${index + 1}`}>
            <Trash />
          </IconButton>
        )}
      </div>
      <div className="grid grid-cols-2 gap-3">
        {LOT_FIELDS.map(({ field, label, date, mono, placeholder, hint }) => (
          <FormField
            key={field}
            label={label}
            htmlFor={id(field)}
            optional={field !== "quantity" && (field !== "expires_at" || !requireExpiry)}
            hint={hint}
            error={errors[rowErrorKey(index, field)]}
          >
            {field === "quantity" ? (
              <Input
                id={id("quantity")}
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                value={row.quantity}
                aria-invalid={!!errors[rowErrorKey(index, "quantity")]}
                onChange={(e) => onChange("quantity", e.target.value)}
                data-testid="opening-quantity"
              />
            ) : (
              input(field, { type: date ? "date" : undefined, mono, placeholder })
            )}
          </FormField>
        ))}
      </div>
    </div>
  )
}
