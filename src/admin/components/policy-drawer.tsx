import { Hint, Input, Label, Select, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { serialPatternProblem } from "../../lib/serial-numbers"
import type { TrackingPolicy } from "../../types/http"
import { useUpsertTrackingPolicy } from "../hooks/api/policies"
import { useFormErrors } from "../hooks/use-form-errors"
import { FormDrawer } from "./form-drawer"
import { FormField } from "./form-field"

const FIELDS = [
  "tracked",
  "strategy",
  "min_shelf_life_days",
  "expiry_warning_days",
  "require_expiry",
  "serial_pattern",
  "serial_capture",
  "serial_scope",
].map((f) => ({ field: f, match: [f] }))
// The API refuses to switch serials on or off while stock says otherwise (409): the message goes under the switch.
FIELDS.push({ field: "serialized", match: ["serialized", "serials", "serial numbers"] })

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
  const [serialized, setSerialized] = useState(!!policy.serialized)
  const [serialPattern, setSerialPattern] = useState(policy.serial_pattern ?? "")
  const [serialCapture, setSerialCapture] = useState(policy.serial_capture)
  const [serialScope, setSerialScope] = useState(policy.serial_scope)
  const errors = useFormErrors(FIELDS)
  const upsert = useUpsertTrackingPolicy(itemId)

  useEffect(() => {
    if (open) {
      setTracked(policy.tracked)
      setStrategy(policy.strategy)
      setMinShelf(String(policy.min_shelf_life_days))
      setWarning(String(policy.expiry_warning_days))
      setRequireExpiry(policy.require_expiry)
      setSerialized(!!policy.serialized)
      setSerialPattern(policy.serial_pattern ?? "")
      setSerialCapture(policy.serial_capture)
      setSerialScope(policy.serial_scope)
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
      serialized,
      // Empty while serials are off: the plugin's default pattern stays.
      serial_pattern: serialPattern.trim() || undefined,
      serial_capture: serialCapture,
      serial_scope: serialScope,
    }
    if (serialized) {
      const patternProblem = serialPatternProblem(serialPattern.trim())
      if (patternProblem) {
        local.serial_pattern = patternProblem
      }
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
      description="How lots and serials of this item are tracked and allocated"
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
      <div className="flex flex-col gap-y-2">
        <div className="flex items-start justify-between gap-x-4">
          <div>
            <Label htmlFor="policy-serialized" size="small" weight="plus">
              Serial numbers
            </Label>
            <Text size="small" className="text-ui-fg-subtle">
              Each unit gets a serial at receipt, and orders ship named units: who has which unit is known.
            </Text>
          </div>
          <Switch id="policy-serialized" checked={serialized} onCheckedChange={setSerialized} data-testid="policy-serialized" />
        </div>
        {errors.errors.serialized && (
          <Hint variant="error" data-testid="error-policy-serialized">
            {errors.errors.serialized}
          </Hint>
        )}
      </div>
      {serialized && (
        <>
          <FormField
            label="Serial pattern"
            htmlFor="policy-serial-pattern"
            hint="For serials generated at receipt: one {SEQ} or {SEQ:n} token, with {YYYY} {YY} {MM} {DD} if wished."
            error={errors.errors.serial_pattern}
          >
            <Input
              id="policy-serial-pattern"
              className="font-mono"
              value={serialPattern}
              onChange={(e) => setSerialPattern(e.target.value)}
              placeholder="SN-{YYYY}-{SEQ:6}"
            />
          </FormField>
          <FormField label="Serials at shipment" htmlFor="policy-serial-capture" error={errors.errors.serial_capture}>
            <Select value={serialCapture} onValueChange={(v) => setSerialCapture(v as TrackingPolicy["serial_capture"])}>
              <Select.Trigger id="policy-serial-capture">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="auto">Automatic — the lowest serials of the shipped lots</Select.Item>
                <Select.Item value="required">Required — staff scan the serial of every unit shipped</Select.Item>
              </Select.Content>
            </Select>
          </FormField>
          <FormField label="Serials are unique" htmlFor="policy-serial-scope" error={errors.errors.serial_scope}>
            <Select value={serialScope} onValueChange={(v) => setSerialScope(v as TrackingPolicy["serial_scope"])}>
              <Select.Trigger id="policy-serial-scope">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="item">Among this item's serials</Select.Item>
                <Select.Item value="global">Among the serials of all items</Select.Item>
              </Select.Content>
            </Select>
          </FormField>
        </>
      )}
    </FormDrawer>
  )
}
