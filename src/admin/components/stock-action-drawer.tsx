import { Button, Hint, Input, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { Lot } from "../../types/http"
import { useStockLocations } from "../hooks/api/core"
import { useAdjustLotStock, useReceiveLotStock, useTransferLotStock, useWriteOffLotStock } from "../hooks/api/lots"
import { useTrackingPolicy } from "../hooks/api/policies"
import { useSerials } from "../hooks/api/serials"
import { useFormErrors } from "../hooks/use-form-errors"
import type { FieldMatcher } from "../lib/field-errors"
import { binErrorKey, emptySerialEntry, receiptLine, serialsErrorKey, type SerialEntry } from "../lib/receive-form"
import { serialCountText, stockOutSerials } from "../lib/serials"
import { FormDrawer } from "./form-drawer"
import { FormField } from "./form-field"
import { ReceiveSerials } from "./receive-serials"

export type StockAction = "receive" | "adjust" | "transfer" | "write-off"

const TITLES: Record<StockAction, string> = {
  receive: "Receive more units",
  adjust: "Adjust to counted quantity",
  transfer: "Transfer between locations",
  "write-off": "Write off units",
}

const DESCRIPTIONS: Record<StockAction, string> = {
  receive: "Add units of this lot at a location. Medusa's inventory level rises by the same units.",
  adjust: "Enter what was counted on the shelf. The difference is recorded in the ledger and moves the inventory level.",
  transfer: "Move units of this lot to another location; both inventory levels follow.",
  "write-off": "Take units out of stock for good (expired, damaged, recalled). The loss counts in the expiration-loss KPI.",
}

export const WRITE_OFF_REASONS = [
  { value: "expired", label: "Expired" },
  { value: "damaged", label: "Damaged" },
  { value: "recalled", label: "Recalled" },
  { value: "other", label: "Other" },
]

const FIELDS: FieldMatcher[] = [
  { field: "serials", match: ["serial_numbers", "serial_range", /\bserials?\b/i] },
  { field: "to_location_id", match: ["to_location_id"] },
  { field: "bin", match: ["bin", "Bin"] },
  { field: "location_id", match: ["location_id", "from_location_id", "Stock location", "location"] },
  { field: "quantity", match: ["quantity", "units", "counted"] },
  { field: "reason", match: ["reason"] },
  { field: "note", match: ["note"] },
]

/**
 * What the drawer needs of a lot (a lot of the list, of the detail page or of
 * the expiry page). Whether its item is serialized: `serialized`, else the
 * item's policy.
 */
export type ActionLot = Pick<Lot, "id" | "lot_number" | "status" | "expired" | "inventory_item_id" | "serialized"> & {
  stock: Pick<Lot["stock"][number], "location_id" | "location_name" | "stocked_quantity" | "reserved_quantity" | "available_quantity" | "bin">[]
}

/** The units a serialized write-off or transfer can name at most in one go (what the "fill in" button lists). */
const SERIALS_SHOWN = 200

type Props = {
  lot: ActionLot
  action: StockAction | null
  locationId?: string | null
  onClose: () => void
}

export const StockActionDrawer = ({ lot, action, locationId, onClose }: Props) => {
  const locations = useStockLocations()
  const [location, setLocation] = useState("")
  const [toLocation, setToLocation] = useState("")
  const [quantity, setQuantity] = useState("")
  const [reason, setReason] = useState("")
  const [note, setNote] = useState("")
  /** Receipts only: the shelf the units go to. */
  const [bin, setBin] = useState("")
  const [serialEntry, setSerialEntry] = useState<SerialEntry>(emptySerialEntry)
  const errors = useFormErrors(FIELDS)
  const policy = useTrackingPolicy(lot.inventory_item_id, { enabled: !!action && lot.serialized === undefined })
  const serialized = lot.serialized ?? !!policy.data?.policy.serialized
  // Units leave a serialized lot by name: write-offs and transfers list the serials, not a quantity.
  const stockOut = serialized && (action === "write-off" || action === "transfer")
  const inStock = useSerials(
    { lot_id: lot.id, location_id: location, status: "in_stock", limit: SERIALS_SHOWN },
    { enabled: stockOut && !!location }
  )
  const mutations = {
    receive: useReceiveLotStock(lot.id),
    adjust: useAdjustLotStock(lot.id),
    transfer: useTransferLotStock(lot.id),
    "write-off": useWriteOffLotStock(lot.id),
  }

  useEffect(() => {
    if (action) {
      const stock = lot.stock.find((s) => s.location_id === locationId)
      setLocation(locationId ?? lot.stock[0]?.location_id ?? "")
      setToLocation("")
      setQuantity(action === "adjust" && stock ? String(stock.stocked_quantity) : action === "write-off" && stock ? String(stock.available_quantity) : "")
      setReason(action === "write-off" ? (lot.expired ? "expired" : lot.status === "recalled" ? "recalled" : "damaged") : "")
      setNote("")
      setBin("")
      setSerialEntry(emptySerialEntry())
      errors.clear()
    }
  }, [action, locationId, lot.id])

  const all = locations.data?.stock_locations ?? []
  const here = lot.stock.find((s) => s.location_id === location)
  const locationOptions = action === "receive" ? all.map((l) => ({ id: l.id, name: l.name })) : lot.stock.map((s) => ({ id: s.location_id, name: s.location_name ?? s.location_id }))

  const submit = () => {
    if (!action) {
      return
    }
    const local: Record<string, string> = {}
    if (!location) local.location_id = "Choose a location"
    const n = Number(quantity)
    const named = stockOut ? stockOutSerials(serialEntry.list, here?.available_quantity ?? null) : null
    const receipt =
      action === "receive" ? receiptLine(location || "-", quantity, serialized ? serialEntry : undefined, { serialized, bin }) : null
    if (named?.problem) {
      local.serials = named.problem
    } else if (receipt) {
      if (receipt.errors.receive) local.quantity = serialized ? receipt.errors.receive : "Enter a whole number of units greater than 0"
      if (receipt.errors[serialsErrorKey(location || "-")]) local.serials = receipt.errors[serialsErrorKey(location || "-")]
      if (receipt.errors[binErrorKey(location || "-")]) local.bin = receipt.errors[binErrorKey(location || "-")]
    } else if (!named && (quantity.trim() === "" || !Number.isInteger(n) || n < 0 || (action !== "adjust" && n === 0))) {
      local.quantity = action === "adjust" ? "Enter the counted quantity (0 or more)" : "Enter a whole number of units greater than 0"
    }
    if (action === "transfer" && !toLocation) local.to_location_id = "Choose where the units go"
    if (action === "adjust" && !reason.trim()) local.reason = "Say why the count differs (e.g. cycle count)"
    if (!errors.check(local)) {
      return
    }
    const noteValue = note.trim() || undefined
    const callbacks = {
      onSuccess: () => {
        toast.success(`${TITLES[action]}: done`, { description: `Lot ${lot.lot_number}` })
        onClose()
      },
      onError: (e: unknown) => errors.fromApiError(e, Object.fromEntries(all.map((l) => [l.id, l.name]))),
    }
    // Serialized stock-outs name the units; their count is the quantity.
    const units = named ? { serial_numbers: named.serials } : { quantity: n }
    if (action === "receive") {
      mutations.receive.mutate({ ...(receipt?.line ?? { quantity: n }), location_id: location, note: noteValue }, callbacks)
    } else if (action === "adjust") {
      mutations.adjust.mutate({ location_id: location, quantity: n, reason: reason.trim(), note: noteValue }, callbacks)
    } else if (action === "transfer") {
      mutations.transfer.mutate({ from_location_id: location, to_location_id: toLocation, ...units, note: noteValue }, callbacks)
    } else {
      mutations["write-off"].mutate({ location_id: location, ...units, reason, note: noteValue }, callbacks)
    }
  }

  return (
    <FormDrawer
      open={!!action}
      onOpenChange={(open) => !open && onClose()}
      title={action ? TITLES[action] : ""}
      description={action ? DESCRIPTIONS[action] : ""}
      intro={action ? DESCRIPTIONS[action] : ""}
      general={errors.general}
      saving={action ? mutations[action].isPending : false}
      onSubmit={submit}
      testId="stock-action-drawer"
      submitTestId="action-submit"
    >
      <FormField label={action === "transfer" ? "From" : "Location"} htmlFor="location_id" error={errors.errors.location_id}>
        <Select value={location} onValueChange={setLocation}>
          <Select.Trigger id="location_id">
            <Select.Value placeholder="Choose a location" />
          </Select.Trigger>
          <Select.Content>
            {locationOptions.map((l) => (
              <Select.Item key={l.id} value={l.id}>
                {l.name}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
      </FormField>
      {here && action !== "receive" && (
        <Text size="small" className="text-ui-fg-subtle -mt-4">
          {here.stocked_quantity} in stock, {here.reserved_quantity} reserved, {here.available_quantity} available
          {here.bin ? ` · bin ${here.bin}` : ""}
        </Text>
      )}
      {action === "transfer" && (
        <FormField label="To" htmlFor="to_location_id" error={errors.errors.to_location_id}>
          <Select value={toLocation} onValueChange={setToLocation}>
            <Select.Trigger id="to_location_id">
              <Select.Value placeholder="Choose a location" />
            </Select.Trigger>
            <Select.Content>
              {all
                .filter((l) => l.id !== location)
                .map((l) => (
                  <Select.Item key={l.id} value={l.id}>
                    {l.name}
                  </Select.Item>
                ))}
            </Select.Content>
          </Select>
        </FormField>
      )}
      {stockOut ? (
        <StockOutSerialsField
          entry={serialEntry}
          onChange={(list) => {
            setSerialEntry((e) => ({ ...e, list }))
            errors.clearField("serials")
          }}
          available={here?.available_quantity ?? null}
          inStock={inStock.data?.serials.map((x) => x.serial_number) ?? []}
          error={errors.errors.serials}
          verb={action === "transfer" ? "transfer" : "write off"}
        />
      ) : (
        <FormField
          label={action === "adjust" ? "Counted quantity" : "Quantity"}
          htmlFor="quantity"
          hint={
            serialized && action === "adjust"
              ? "A count of a serialized item cannot say which units changed: receive found units with their serials, write off missing ones by serial."
              : undefined
          }
          error={errors.errors.quantity}
        >
          <Input
            id="quantity"
            type="number"
            min={0}
            step={1}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            data-testid="action-quantity"
          />
        </FormField>
      )}
      {action === "receive" && (
        <FormField
          label="Bin"
          htmlFor="bin"
          optional
          hint={
            here?.bin
              ? `This lot's units here are in bin ${here.bin}. Leave empty to keep it; another bin moves them all there.`
              : "The shelf code the units are put away at."
          }
          error={errors.errors.bin}
        >
          <Input
            id="bin"
            className="font-mono"
            autoComplete="off"
            value={bin}
            onChange={(e) => {
              setBin(e.target.value)
              errors.clearField("bin")
            }}
            data-testid="action-bin"
          />
        </FormField>
      )}
      {serialized && action === "receive" && (
        <div className="flex flex-col gap-y-2">
          <Text size="small" weight="plus">
            Serials
          </Text>
          <ReceiveSerials
            locationId="stock-action"
            locationName={locationOptions.find((l) => l.id === location)?.name ?? "this location"}
            entry={serialEntry}
            quantity={/^\d+$/.test(quantity.trim()) ? Number(quantity) : null}
            pattern={policy.data?.policy.serial_pattern ?? "the item's pattern"}
            error={errors.errors.serials}
            onChange={(patch) => {
              setSerialEntry((e) => ({ ...e, ...patch }))
              errors.clearField("serials")
            }}
            onFocus={() => undefined}
          />
        </div>
      )}
      {action === "adjust" && (
        <FormField label="Reason" htmlFor="reason" error={errors.errors.reason}>
          <Input id="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Cycle count" />
        </FormField>
      )}
      {action === "write-off" && (
        <FormField label="Reason" htmlFor="reason" error={errors.errors.reason}>
          <Select value={reason} onValueChange={setReason}>
            <Select.Trigger id="reason">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {WRITE_OFF_REASONS.map((r) => (
                <Select.Item key={r.value} value={r.value}>
                  {r.label}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </FormField>
      )}
      <FormField label="Note" htmlFor="note" optional error={errors.errors.note}>
        <Textarea id="note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
      </FormField>
    </FormDrawer>
  )
}

/**
 * The serials of the units a serialized lot gives up at a location (write-off,
 * transfer): scanned, typed or pasted, or all the units in stock there filled
 * in at once.
 */
const StockOutSerialsField = ({
  entry,
  onChange,
  available,
  inStock,
  error,
  verb,
}: {
  entry: SerialEntry
  onChange: (list: string) => void
  available: number | null
  inStock: string[]
  error?: string
  verb: string
}) => {
  const { serials } = stockOutSerials(entry.list, null)
  return (
    <div className="flex flex-col gap-y-2" data-testid="stock-out-serials">
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus">
          Serials of the units to {verb}
        </Text>
        {inStock.length > 0 && (
          <Button size="small" variant="transparent" type="button" onClick={() => onChange(`${inStock.join("\n")}\n`)} data-testid="fill-serials">
            Fill in the {inStock.length} in stock here
          </Button>
        )}
      </div>
      <Textarea
        id="stock-out-serials"
        aria-label={`Serials of the units to ${verb}`}
        rows={5}
        className="font-mono"
        placeholder="Scan or type one serial per line, or paste a list"
        value={entry.list}
        onChange={(e) => onChange(e.target.value)}
        data-testid="stock-out-serials-input"
      />
      <div className="flex items-start justify-between gap-x-3">
        {error ? (
          <Hint variant="error" data-testid="error-serials">
            {error}
          </Hint>
        ) : (
          <Hint>Reserved units cannot leave: only units in stock here.</Hint>
        )}
        <Text size="xsmall" weight="plus" className="text-ui-fg-subtle whitespace-nowrap" data-testid="stock-out-serials-count">
          {serialCountText(serials.length, available)}
        </Text>
      </div>
    </div>
  )
}
