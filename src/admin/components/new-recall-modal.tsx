import { Button, Checkbox, Input, Select, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useNavigate } from "react-router-dom"
import type { Lot, RecallClass } from "../../types/http"
import { useLots } from "../hooks/api/lots"
import { useOpenRecall } from "../hooks/api/recalls"
import { useFormErrors } from "../hooks/use-form-errors"
import type { FieldMatcher } from "../lib/field-errors"
import { inventoryItemName } from "../lib/item-names"
import { LotBadges } from "./common"
import { FormField } from "./form-field"
import { FormModal } from "./form-drawer"

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
  const [selected, setSelected] = useState<Record<string, string>>({})
  const [search, setSearch] = useState("")
  const [reason, setReason] = useState("")
  const [publicReason, setPublicReason] = useState("")
  const [classification, setClassification] = useState<string>("")
  const errors = useFormErrors(FIELDS)
  const openRecall = useOpenRecall()
  const candidates = useLots({ q: search || undefined, limit: 8, order: "lot_number" }, { enabled: open })

  useEffect(() => {
    if (open) {
      setSelected(Object.fromEntries((preset ?? []).map((l) => [l.id, l.lot_number])))
      setSearch("")
      setReason("")
      setPublicReason("")
      setClassification("")
      errors.clear()
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

  const submit = () => {
    const local: Record<string, string> = {}
    if (!Object.keys(selected).length) local.lot_ids = "Choose at least one lot"
    if (!reason.trim()) local.reason = "Give the reason for the recall"
    if (!errors.check(local)) {
      return
    }
    openRecall.mutate(
      {
        lot_ids: Object.keys(selected),
        reason: reason.trim(),
        ...(publicReason.trim() ? { public_reason: publicReason.trim() } : {}),
        ...(classification ? { classification: classification as RecallClass } : {}),
      },
      {
        onSuccess: (res) => {
          toast.success(`Recall ${res.recall.reference ?? ""} opened`, {
            description: "The lots are blocked; affected customers are listed.",
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
      description="Opening a recall blocks the lots at once, moves open reservations to other lots where possible and lists every customer who received them."
      general={errors.general}
      generalTestId="recall-general-error"
      saving={openRecall.isPending}
      onSubmit={submit}
      submitLabel="Open recall"
      submitVariant="danger"
      testId="new-recall-modal"
      submitTestId="recall-submit"
    >
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
