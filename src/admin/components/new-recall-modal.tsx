import { Alert, Button, Checkbox, FocusModal, Heading, Input, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useNavigate } from "react-router-dom"
import { post, useInvalidateLotTracking, useLots } from "../lib/api"
import { errorMessage, mapApiErrors, type FieldMatcher } from "../lib/field-errors"
import type { Lot, RecallDetail } from "../lib/types"
import { LotBadges } from "./common"
import { FormField } from "./form-field"

const FIELDS: FieldMatcher[] = [
  { field: "lot_ids", match: ["lot_ids", "Lot", "lots"] },
  { field: "public_reason", match: ["public_reason"] },
  { field: "reason", match: ["reason"] },
  { field: "classification", match: ["classification"] },
]

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
  const invalidate = useInvalidateLotTracking()
  const [selected, setSelected] = useState<Record<string, string>>({})
  const [search, setSearch] = useState("")
  const [reason, setReason] = useState("")
  const [publicReason, setPublicReason] = useState("")
  const [classification, setClassification] = useState<string>("")
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const candidates = useLots({ q: search || undefined, limit: 8, order: "lot_number" }, { enabled: open })

  useEffect(() => {
    if (open) {
      setSelected(Object.fromEntries((preset ?? []).map((l) => [l.id, l.lot_number])))
      setSearch("")
      setReason("")
      setPublicReason("")
      setClassification("")
      setErrors({})
      setGeneral(null)
    }
  }, [open, (preset ?? []).map((l) => l.id).join(",")])

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

  const submit = async () => {
    const local: Record<string, string> = {}
    if (!Object.keys(selected).length) local.lot_ids = "Choose at least one lot"
    if (!reason.trim()) local.reason = "Give the reason for the recall"
    if (Object.keys(local).length) {
      setErrors(local)
      return
    }
    setSaving(true)
    setGeneral(null)
    try {
      const res = await post<RecallDetail>("/admin/recalls", {
        lot_ids: Object.keys(selected),
        reason: reason.trim(),
        ...(publicReason.trim() ? { public_reason: publicReason.trim() } : {}),
        ...(classification ? { classification } : {}),
      })
      toast.success(`Recall ${res.recall.reference ?? ""} opened`, {
        description: "The lots are blocked; affected customers are listed.",
      })
      await invalidate()
      onOpenChange(false)
      navigate(`/lots/recalls/${res.recall.id}`)
    } catch (e) {
      const mapped = mapApiErrors(errorMessage(e), FIELDS)
      setErrors(mapped.fields)
      setGeneral(mapped.general)
    } finally {
      setSaving(false)
    }
  }

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content data-testid="new-recall-modal">
        <FocusModal.Header />
        <FocusModal.Body className="flex flex-1 flex-col items-center overflow-y-auto">
          <div className="flex w-full max-w-[720px] flex-col gap-y-8 px-2 py-12">
            <div>
              <FocusModal.Title asChild>
                <Heading>New recall</Heading>
              </FocusModal.Title>
              <FocusModal.Description asChild>
                <Text size="small" className="text-ui-fg-subtle">
                  Opening a recall blocks the lots at once, moves open reservations to other lots where possible and lists
                  every customer who received them.
                </Text>
              </FocusModal.Description>
            </div>
            {general && (
              <Alert variant="error" dismissible={false} data-testid="recall-general-error">
                {general}
              </Alert>
            )}
            <FormField label="Lots" htmlFor="recall-lot-search" error={errors.lot_ids}>
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
                    <span className="txt-compact-small text-ui-fg-subtle flex-1 truncate font-mono">{lot.inventory_item?.sku ?? lot.inventory_item?.title}</span>
                    <LotBadges lot={lot} />
                  </label>
                ))}
              </div>
            </FormField>
            <FormField label="Reason (internal)" htmlFor="recall-reason" error={errors.reason}>
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
              error={errors.public_reason}
            >
              <Textarea id="recall-public-reason" value={publicReason} onChange={(e) => setPublicReason(e.target.value)} rows={2} />
            </FormField>
            <FormField label="Class" htmlFor="recall-class" optional error={errors.classification}>
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
          </div>
        </FocusModal.Body>
        <FocusModal.Footer>
          <FocusModal.Close asChild>
            <Button variant="secondary" size="small" type="button">
              Cancel
            </Button>
          </FocusModal.Close>
          <Button size="small" variant="danger" onClick={submit} isLoading={saving} data-testid="recall-submit">
            Open recall
          </Button>
        </FocusModal.Footer>
      </FocusModal.Content>
    </FocusModal>
  )
}
