import { Alert, Button, Drawer, Input, Label, Select, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { post, useInvalidateLotTracking } from "../lib/api"
import { errorMessage, mapApiErrors } from "../lib/field-errors"
import type { TrackingPolicy } from "../lib/types"
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
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const invalidate = useInvalidateLotTracking()

  useEffect(() => {
    if (open) {
      setTracked(policy.tracked)
      setStrategy(policy.strategy)
      setMinShelf(String(policy.min_shelf_life_days))
      setWarning(String(policy.expiry_warning_days))
      setRequireExpiry(policy.require_expiry)
      setErrors({})
      setGeneral(null)
    }
  }, [open])

  const submit = async () => {
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
    if (Object.keys(local).length) {
      setErrors(local)
      return
    }
    setSaving(true)
    try {
      await post(`/admin/lot-tracking/policies/${itemId}`, body)
      toast.success("Tracking policy saved")
      await invalidate()
      onOpenChange(false)
    } catch (e) {
      const mapped = mapApiErrors(errorMessage(e), FIELDS)
      setErrors(mapped.fields)
      setGeneral(mapped.general)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="policy-drawer">
        <Drawer.Header>
          <Drawer.Title>Lot tracking policy</Drawer.Title>
          <Drawer.Description className="sr-only">How lots of this item are tracked and allocated</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {general && (
            <Alert variant="error" dismissible={false}>
              {general}
            </Alert>
          )}
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
          <FormField label="Picking strategy" htmlFor="policy-strategy" error={errors.strategy}>
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
            error={errors.min_shelf_life_days}
          >
            <Input id="policy-min-shelf" type="number" min={0} value={minShelf} onChange={(e) => setMinShelf(e.target.value)} />
          </FormField>
          <FormField
            label="Expiry warning window (days)"
            htmlFor="policy-warning"
            hint="Lots expiring within this window show as “expiring soon” and are announced."
            error={errors.expiry_warning_days}
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
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" onClick={submit} isLoading={saving} data-testid="policy-submit">
            Save
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
