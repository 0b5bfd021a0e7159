import { Input, Label, Select, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { TrackingPolicy } from "../../types/http"
import { useUpsertTrackingPolicy } from "../hooks/api/policies"
import { useFormErrors } from "../hooks/use-form-errors"
import { FormDrawer } from "./form-drawer"
import { FormField } from "./form-field"

const FIELDS = ["tracked", "strategy", "min_shelf_life_days", "expiry_warning_days", "require_expiry"].map((f) => ({
  field: f,
  match: [f],
}))

export const PolicyDrawer = ({
  itemId,
  policy,
  open,
  onOpenChange,
}: {
  itemId: string
  policy: TrackingPolicy
  open: boolean
  onOpenChange: (o: boolean) => void
}) => {
  const [tracked, setTracked] = useState(policy.tracked)
  const [strategy, setStrategy] = useState(policy.strategy)
  const [minShelf, setMinShelf] = useState(String(policy.min_shelf_life_days))
  const [warning, setWarning] = useState(String(policy.expiry_warning_days))
  const [requireExpiry, setRequireExpiry] = useState(policy.require_expiry)
  const errors = useFormErrors(FIELDS)
  const upsert = useUpsertTrackingPolicy(itemId)

  useEffect(() => {
    if (open) {
      setTracked(policy.tracked)
      setStrategy(policy.strategy)
      setMinShelf(String(policy.min_shelf_life_days))
      setWarning(String(policy.expiry_warning_days))
      setRequireExpiry(policy.require_expiry)
      errors.clear()
    }
  }, [open])

  const submit = () => {
    const local: Record<string, string> = {}
    const days = (v: string, field: string) => {
      if (!/^\d+$/.test(v.trim())) local[field] = "Enter a whole number of days (0 or more)"
      return Number(v)
    }
    const body = {
      tracked,
      strategy,
      min_shelf_life_days: days(minShelf, "min_shelf_life_days"),
      expiry_warning_days: days(warning, "expiry_warning_days"),
      require_expiry: requireExpiry,
    }
    if (!errors.check(local)) {
      return
    }
    upsert.mutate(body, {
      onSuccess: () => {
        toast.success("Tracking policy saved")
        onOpenChange(false)
      },
      onError: (e) => errors.fromApiError(e),
    })
  }

  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="Lot tracking policy"
      description="How lots of this item are tracked and allocated"
      general={errors.general}
      saving={upsert.isPending}
      onSubmit={submit}
      testId="policy-drawer"
      submitTestId="policy-submit"
    >
      <div className="flex items-start justify-between gap-x-4">
        <div>
          <Label htmlFor="policy-tracked" size="small" weight="plus">
            Track lots
          </Label>
          <Text size="small" className="text-ui-fg-subtle">
            Orders of this item get lots allocated and recorded at fulfilment.
          </Text>
        </div>
        <Switch id="policy-tracked" checked={tracked} onCheckedChange={setTracked} />
      </div>
      <FormField label="Picking strategy" htmlFor="policy-strategy" error={errors.errors.strategy}>
        <Select value={strategy} onValueChange={(v) => setStrategy(v as TrackingPolicy["strategy"])}>
          <Select.Trigger id="policy-strategy">
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            <Select.Item value="fefo">FEFO — first expired, first out</Select.Item>
            <Select.Item value="fifo">FIFO — first received, first out</Select.Item>
          </Select.Content>
        </Select>
      </FormField>
      <FormField
        label="Minimum shelf life at shipment (days)"
        htmlFor="policy-min-shelf"
        hint="Lots with fewer days left are not allocated or shipped."
        error={errors.errors.min_shelf_life_days}
      >
        <Input id="policy-min-shelf" type="number" min={0} value={minShelf} onChange={(e) => setMinShelf(e.target.value)} />
      </FormField>
      <FormField
        label="Expiry warning window (days)"
        htmlFor="policy-warning"
        hint="Lots expiring within this window show as “expiring soon” and are announced."
        error={errors.errors.expiry_warning_days}
      >
        <Input id="policy-warning" type="number" min={0} value={warning} onChange={(e) => setWarning(e.target.value)} />
      </FormField>
      <div className="flex items-start justify-between gap-x-4">
        <div>
          <Label htmlFor="policy-require-expiry" size="small" weight="plus">
            Require an expiry date
          </Label>
          <Text size="small" className="text-ui-fg-subtle">
            Lots of this item cannot be received without one.
          </Text>
        </div>
        <Switch id="policy-require-expiry" checked={requireExpiry} onCheckedChange={setRequireExpiry} />
      </div>
    </FormDrawer>
  )
}
