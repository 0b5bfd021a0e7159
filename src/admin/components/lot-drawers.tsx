import { Alert, Button, Drawer, Input, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { post, useInvalidateLotTracking } from "../lib/api"
import { errorMessage, mapApiErrors, type FieldMatcher } from "../lib/field-errors"
import type { Lot } from "../lib/types"
import { FormField } from "./form-field"

const EDIT_FIELDS: FieldMatcher[] = [
  { field: "lot_number", match: ["lot_number", "Lot number"] },
  { field: "manufactured_at", match: ["manufactured_at"] },
  { field: "expires_at", match: ["expires_at"] },
  { field: "best_before", match: ["best_before"] },
  { field: "supplier", match: ["supplier"] },
  { field: "origin", match: ["origin"] },
]

type EditForm = {
  lot_number: string
  manufactured_at: string
  expires_at: string
  best_before: string
  supplier: string
  origin: string
}

const fromLot = (lot: Lot): EditForm => ({
  lot_number: lot.lot_number,
  manufactured_at: lot.manufactured_at ?? "",
  expires_at: lot.expires_at ?? "",
  best_before: lot.best_before ?? "",
  supplier: lot.supplier ?? "",
  origin: lot.origin ?? "",
})

/** The changed attributes only; an emptied field becomes null. */
export function lotUpdateBody(lot: Lot, form: EditForm): Record<string, string | null> {
  const before = fromLot(lot)
  const body: Record<string, string | null> = {}
  for (const key of Object.keys(form) as (keyof EditForm)[]) {
    if (form[key] !== before[key]) {
      body[key] = key === "lot_number" ? form[key] : form[key].trim() === "" ? null : form[key].trim()
    }
  }
  return body
}

export const EditLotDrawer = ({ lot, open, onOpenChange }: { lot: Lot; open: boolean; onOpenChange: (o: boolean) => void }) => {
  const [form, setForm] = useState<EditForm>(() => fromLot(lot))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const invalidate = useInvalidateLotTracking()

  useEffect(() => {
    if (open) {
      setForm(fromLot(lot))
      setErrors({})
      setGeneral(null)
    }
  }, [open, lot.id])

  const set = (key: keyof EditForm, value: string) => setForm((f) => ({ ...f, [key]: value }))

  const submit = async () => {
    const body = lotUpdateBody(lot, form)
    if (!Object.keys(body).length) {
      onOpenChange(false)
      return
    }
    setSaving(true)
    try {
      await post(`/admin/lots/${lot.id}`, body)
      toast.success(`Lot ${form.lot_number} updated`)
      await invalidate()
      onOpenChange(false)
    } catch (e) {
      const mapped = mapApiErrors(errorMessage(e), EDIT_FIELDS)
      setErrors(mapped.fields)
      setGeneral(mapped.general)
    } finally {
      setSaving(false)
    }
  }

  const dateField = (key: "manufactured_at" | "expires_at" | "best_before", label: string) => (
    <FormField label={label} htmlFor={`edit-${key}`} error={errors[key]} optional={key !== "expires_at"}>
      <Input id={`edit-${key}`} type="date" value={form[key]} onChange={(e) => set(key, e.target.value)} />
    </FormField>
  )

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="edit-lot-drawer">
        <Drawer.Header>
          <Drawer.Title>Edit lot</Drawer.Title>
          <Drawer.Description className="sr-only">Lot number, dates and supplier of the lot</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {general && (
            <Alert variant="error" dismissible={false}>
              {general}
            </Alert>
          )}
          <FormField label="Lot number" htmlFor="edit-lot_number" error={errors.lot_number}>
            <Input id="edit-lot_number" value={form.lot_number} onChange={(e) => set("lot_number", e.target.value)} />
          </FormField>
          {dateField("manufactured_at", "Manufactured")}
          {dateField("expires_at", "Expires")}
          {dateField("best_before", "Best before")}
          <FormField label="Supplier" htmlFor="edit-supplier" optional error={errors.supplier}>
            <Input id="edit-supplier" value={form.supplier} onChange={(e) => set("supplier", e.target.value)} />
          </FormField>
          <FormField label="Origin" htmlFor="edit-origin" optional error={errors.origin}>
            <Input id="edit-origin" value={form.origin} onChange={(e) => set("origin", e.target.value)} />
          </FormField>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" onClick={submit} isLoading={saving} data-testid="edit-submit">
            Save
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

/** Quarantine with a reason (kept on the ledger). */
export const QuarantineDrawer = ({ lot, open, onOpenChange }: { lot: Lot; open: boolean; onOpenChange: (o: boolean) => void }) => {
  const [reason, setReason] = useState("")
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const invalidate = useInvalidateLotTracking()

  useEffect(() => {
    if (open) {
      setReason("")
      setError(null)
    }
  }, [open])

  const submit = async () => {
    setSaving(true)
    try {
      await post(`/admin/lots/${lot.id}/quarantine`, { reason: reason.trim() || undefined })
      toast.success(`Lot ${lot.lot_number} quarantined`, { description: "It will not be allocated or shipped until released." })
      await invalidate()
      onOpenChange(false)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="quarantine-drawer">
        <Drawer.Header>
          <Drawer.Title>Quarantine lot {lot.lot_number}</Drawer.Title>
          <Drawer.Description className="sr-only">Block the lot from allocation and shipping</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6">
          <Text size="small" className="text-ui-fg-subtle">
            A quarantined lot is skipped when orders are allocated and cannot be shipped until it is released. The
            change and its reason are kept in the lot's ledger.
          </Text>
          <FormField label="Reason" htmlFor="quarantine-reason" optional error={error ?? undefined}>
            <Textarea
              id="quarantine-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. Awaiting QC release"
              rows={3}
              data-testid="quarantine-reason"
            />
          </FormField>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" variant="danger" onClick={submit} isLoading={saving} data-testid="quarantine-submit">
            Quarantine
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
