import { Button, Hint, Label, Switch, Text, Textarea, clx } from "@medusajs/ui"
import { useState } from "react"
import type { ReturnUnits } from "../../types/http"
import { addReturnSerial, checkReturnSerials, type ReturnSerialEntry } from "../lib/return-serials"
import { serialCountText } from "../lib/serials"

type List = "normal" | "damaged"

const SerialList = ({
  id,
  label,
  value,
  count,
  limit,
  error,
  testId,
  onChange,
  onFocus,
}: {
  id: string
  label: string
  value: string
  count: number
  limit: number
  error?: string
  testId: string
  onChange: (value: string) => void
  onFocus: () => void
}) => (
  <div className="flex flex-col gap-y-1">
    <Label htmlFor={id} size="xsmall" weight="plus">
      {label}
    </Label>
    <Textarea
      id={id}
      rows={3}
      className="font-mono"
      placeholder="Scan or type one serial per line, or paste a list"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onFocus={onFocus}
      data-testid={`${testId}-input`}
    />
    <div className="flex items-start justify-between gap-x-3">
      {error ? (
        <Hint variant="error" data-testid={`error-${testId}`}>
          {error}
        </Hint>
      ) : (
        <span />
      )}
      <Text
        size="xsmall"
        weight="plus"
        className={clx("whitespace-nowrap", count > limit ? "text-ui-fg-error" : "text-ui-fg-subtle")}
        data-testid={`${testId}-count`}
      >
        {serialCountText(count, limit)}
      </Text>
    </div>
  </div>
)

/**
 * The units of a serialized item that came back, named by serial: scanned
 * one per line (a scanner ends each code with Enter), typed or pasted, or
 * picked from the units the line shipped that are not back. A switch shows
 * a separate list for the units received as damaged.
 */
export const ReturnSerialFields = ({
  fieldId,
  units,
  entry,
  shipped,
  errors,
  onChange,
}: {
  /** Unique per line and item (ids of the inputs). */
  fieldId: string
  /** Units received for the item: the most each list may name. */
  units: ReturnUnits
  entry: ReturnSerialEntry
  /** Serials the line shipped that are not back yet. */
  shipped: string[]
  errors: { normal?: string; damaged?: string }
  onChange: (entry: ReturnSerialEntry, changed: List) => void
}) => {
  // A serial picked from the shipped ones goes to the list last focused.
  const [target, setTarget] = useState<List>("normal")
  const check = checkReturnSerials(entry, units)
  const listed = new Set([...check.normal, ...check.damaged])
  const showNormal = !(entry.damagedOn && units.normal === 0)
  return (
    <div className="flex flex-col gap-y-2" data-testid="return-serials-item">
      {showNormal && (
        <SerialList
          id={`${fieldId}-normal`}
          label={entry.damagedOn ? "Serials of the units back in good order" : "Serials of the units back"}
          value={entry.list}
          count={check.normal.length}
          limit={check.limits.normal}
          error={errors.normal ?? check.problems.normal}
          testId="return-serials"
          onChange={(list) => onChange({ ...entry, list }, "normal")}
          onFocus={() => setTarget("normal")}
        />
      )}
      <div className="flex items-center gap-x-2">
        <Switch
          id={`${fieldId}-damaged-on`}
          checked={entry.damagedOn}
          onCheckedChange={(damagedOn) => {
            onChange({ ...entry, damagedOn }, "damaged")
            setTarget(damagedOn ? "damaged" : "normal")
          }}
          data-testid="return-damaged-toggle"
        />
        <Label htmlFor={`${fieldId}-damaged-on`} size="xsmall">
          Name the damaged units separately{units.damaged ? ` (${units.damaged} received as damaged)` : ""}
        </Label>
      </div>
      {entry.damagedOn && (
        <SerialList
          id={`${fieldId}-damaged`}
          label="Serials of the damaged units (not restocked)"
          value={entry.damaged}
          count={check.damaged.length}
          limit={check.limits.damaged}
          error={errors.damaged ?? check.problems.damaged}
          testId="return-damaged-serials"
          onChange={(damaged) => onChange({ ...entry, damaged }, "damaged")}
          onFocus={() => setTarget("damaged")}
        />
      )}
      {shipped.length > 0 && (
        <div className="flex flex-col gap-y-1">
          <Text size="xsmall" className="text-ui-fg-subtle">
            Shipped on this line, not back yet{entry.damagedOn ? ` (adds to the ${target === "damaged" ? "damaged" : "good"} units)` : ""}:
          </Text>
          <div className="flex flex-wrap gap-1">
            {shipped.map((serial) => (
              <Button
                key={serial}
                type="button"
                size="small"
                variant="secondary"
                className="font-mono"
                disabled={listed.has(serial)}
                onClick={() => onChange(addReturnSerial(entry, serial, target), target)}
                data-testid="return-shipped-serial"
                data-serial={serial}
              >
                {serial}
              </Button>
            ))}
          </div>
        </div>
      )}
    </div>
  )
}
