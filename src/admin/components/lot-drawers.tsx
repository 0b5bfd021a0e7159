import { Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { Lot } from "../../types/http"
import { useQuarantineLot, useUpdateLot, type UpdateLotBody } from "../hooks/api/lots"
import { useFormErrors } from "../hooks/use-form-errors"
import type { FieldMatcher } from "../lib/field-errors"
import { FormDrawer } from "./form-drawer"
import { FormField } from "./form-field"
import { LotAttributeFields } from "./lot-attribute-fields"

const EDIT_FIELDS: FieldMatcher[] = [
  { field: "lot_number", match: ["lot_number", "Lot number"] },
  { field: "manufactured_at", match: ["manufactured_at"] },
  { field: "expires_at", match: ["expires_at"] },
  { field: "best_before", match: ["best_before"] },
  // Before "supplier": a message about the supplier's lot code may name the supplier too.
  { field: "supplier_lot_code", match: ["supplier_lot_code", "Supplier lot code"] },
  { field: "supplier", match: ["supplier"] },
  { field: "origin", match: ["origin"] },
]

type EditForm = {
  lot_number: string
  manufactured_at: string
  expires_at: string
  best_before: string
  supplier: string
  supplier_lot_code: string
  origin: string
}

const fromLot = (lot: Lot): EditForm => ({
  lot_number: lot.lot_number,
  manufactured_at: lot.manufactured_at ?? "",
  expires_at: lot.expires_at ?? "",
  best_before: lot.best_before ?? "",
  supplier: lot.supplier ?? "",
  supplier_lot_code: lot.supplier_lot_code ?? "",
  origin: lot.origin ?? "",
})

/** The changed attributes only; an emptied field becomes null. */
export function lotUpdateBody(lot: Lot, form: EditForm): UpdateLotBody {
  const before = fromLot(lot)
  const body: UpdateLotBody = {}
  for (const key of Object.keys(form) as (keyof EditForm)[]) {
    if (form[key] !== before[key]) {
      body[key] = key === "lot_number" ? form[key] : form[key].trim() === "" ? null : form[key].trim()
    }
  }
  return body
}

export const EditLotDrawer = ({ lot, open, onOpenChange }: { lot: Lot; open: boolean; onOpenChange: (o: boolean) => void }) => {
  const [form, setForm] = useState<EditForm>(() => fromLot(lot))
  const errors = useFormErrors(EDIT_FIELDS)
  const update = useUpdateLot(lot.id)

  useEffect(() => {
    if (open) {
      setForm(fromLot(lot))
      errors.clear()
    }
  }, [open, lot.id])

  const submit = () => {
    const body = lotUpdateBody(lot, form)
    if (!Object.keys(body).length) {
      onOpenChange(false)
      return
    }
    update.mutate(body, {
      onSuccess: () => {
        toast.success(`Lot ${form.lot_number} updated`)
        onOpenChange(false)
      },
      onError: (e) => errors.fromApiError(e),
    })
  }

  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="Edit lot"
      description="Lot number, dates, supplier and the supplier's lot code"
      general={errors.general}
      saving={update.isPending}
      onSubmit={submit}
      testId="edit-lot-drawer"
      submitTestId="edit-submit"
    >
      <LotAttributeFields
        idPrefix="edit-"
        fields={["lot_number", "supplier_lot_code", "manufactured_at", "expires_at", "best_before", "supplier", "origin"]}
        values={form}
        errors={errors.errors}
        onChange={(key, value) => {
          setForm((f) => ({ ...f, [key]: value }))
          errors.clearField(key)
        }}
        hints={{ supplier_lot_code: "The batch code on the supplier's label, if it differs from the lot number." }}
      />
    </FormDrawer>
  )
}

/** Quarantine with a reason (kept on the ledger). */
export const QuarantineDrawer = ({ lot, open, onOpenChange }: { lot: Lot; open: boolean; onOpenChange: (o: boolean) => void }) => {
  const [reason, setReason] = useState("")
  const errors = useFormErrors()
  const quarantine = useQuarantineLot(lot.id)

  useEffect(() => {
    if (open) {
      setReason("")
      errors.clear()
    }
  }, [open])

  const submit = () =>
    quarantine.mutate(
      { reason: reason.trim() || undefined },
      {
        onSuccess: () => {
          toast.success(`Lot ${lot.lot_number} quarantined`, { description: "It will not be allocated or shipped until released." })
          onOpenChange(false)
        },
        onError: (e) => errors.fromApiError(e),
      }
    )

  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title={`Quarantine lot ${lot.lot_number}`}
      description="Block the lot from allocation and shipping"
      intro={
        <Text size="small" className="text-ui-fg-subtle">
          A quarantined lot is skipped when orders are allocated and cannot be shipped until it is released. The change and
          its reason are kept in the lot's ledger.
        </Text>
      }
      general={errors.general}
      saving={quarantine.isPending}
      onSubmit={submit}
      submitLabel="Quarantine"
      submitVariant="danger"
      testId="quarantine-drawer"
      submitTestId="quarantine-submit"
    >
      <FormField label="Reason" htmlFor="quarantine-reason" optional>
        <Textarea
          id="quarantine-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. Awaiting QC release"
          rows={3}
          data-testid="quarantine-reason"
        />
      </FormField>
    </FormDrawer>
  )
}
