import { Hint, Input, Text, Textarea, clx } from "@medusajs/ui"
import { rowSerials, type SerialEntry } from "../lib/receive-form"
import { serialCountHint, serialCountText } from "../lib/serials"

/**
 * The serials of one location's receipt (serialized items): a list typed,
 * scanned one per line or pasted, or a range; both empty and the plugin
 * generates them from the item's serial pattern.
 */
export const ReceiveSerials = ({
  locationId,
  locationName,
  entry,
  quantity,
  pattern,
  error,
  onChange,
  onFocus,
}: {
  locationId: string
  locationName: string
  entry: SerialEntry
  /** The typed quantity (null: none, or not a number). */
  quantity: number | null
  pattern: string
  error?: string
  onChange: (patch: Partial<SerialEntry>) => void
  /** The row a GS1 scan's serial goes to next. */
  onFocus: () => void
}) => {
  const serials = rowSerials(entry)
  const count = serials.count ?? 0
  const differs = serials.count !== null && quantity !== null && serials.count !== quantity
  const hint =
    serials.kind === "generate"
      ? quantity
        ? `Leave the serials empty to generate ${quantity} from the pattern ${pattern}.`
        : `Type, scan or paste one serial per unit, or give a range; leave both empty to generate them from the pattern ${pattern}.`
      : serials.kind === "both"
        ? "Type the serials or give a range, not both."
        : serials.kind === "range" && serials.problem
          ? serials.problem
          : serialCountHint(count, quantity) ?? (quantity === null && serials.count ? "The quantity is the number of serials." : null)

  return (
    <div className="flex flex-col gap-y-2 pb-1" data-testid="receive-serials" data-location-name={locationName}>
      <Textarea
        id={`serials-${locationId}`}
        aria-label={`Serials received at ${locationName}`}
        rows={3}
        className="font-mono"
        placeholder={"Scan or type one serial per line, or paste a list"}
        value={entry.list}
        onChange={(e) => onChange({ list: e.target.value })}
        onFocus={onFocus}
        data-testid="serials-input"
        data-location-name={locationName}
      />
      <div className="flex items-center gap-x-2">
        <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap">
          or the range
        </Text>
        <Input
          size="small"
          aria-label={`First serial of the range at ${locationName}`}
          placeholder="SN-0001"
          className="font-mono"
          value={entry.from}
          onChange={(e) => onChange({ from: e.target.value })}
          onFocus={onFocus}
          data-testid="serial-from"
          data-location-name={locationName}
        />
        <Text size="xsmall" className="text-ui-fg-subtle">
          to
        </Text>
        <Input
          size="small"
          aria-label={`Last serial of the range at ${locationName}`}
          placeholder="SN-0100"
          className="font-mono"
          value={entry.to}
          onChange={(e) => onChange({ to: e.target.value })}
          onFocus={onFocus}
          data-testid="serial-to"
          data-location-name={locationName}
        />
      </div>
      <div className="flex items-start justify-between gap-x-3">
        <div className="flex flex-col">
          {error ? (
            <Hint variant="error" data-testid="serials-error">
              {error}
            </Hint>
          ) : (
            hint && <Hint data-testid="serials-hint">{hint}</Hint>
          )}
        </div>
        {serials.count !== null && (
          <Text
            size="xsmall"
            weight="plus"
            className={clx("whitespace-nowrap", differs ? "text-ui-fg-error" : "text-ui-fg-subtle")}
            data-testid="serials-count"
          >
            {serialCountText(count, quantity)}
          </Text>
        )}
      </div>
    </div>
  )
}
