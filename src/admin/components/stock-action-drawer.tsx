import { Input, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { Lot } from "../../types/http"
import { useStockLocations } from "../hooks/api/core"
import { useAdjustLotStock, useReceiveLotStock, useTransferLotStock, useWriteOffLotStock } from "../hooks/api/lots"
import { useFormErrors } from "../hooks/use-form-errors"
import type { FieldMatcher } from "../lib/field-errors"
import { FormDrawer } from "./form-drawer"
import { FormField } from "./form-field"

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
  { field: "to_location_id", match: ["to_location_id"] },
  { field: "location_id", match: ["location_id", "from_location_id", "Stock location", "location"] },
  { field: "quantity", match: ["quantity", "units", "counted"] },
  { field: "reason", match: ["reason"] },
  { field: "note", match: ["note"] },
]

/** What the drawer needs of a lot (a lot of the list, of the detail page or of the expiry page). */
export type ActionLot = Pick<Lot, "id" | "lot_number" | "status" | "expired"> & {
  stock: Pick<Lot["stock"][number], "location_id" | "location_name" | "stocked_quantity" | "reserved_quantity" | "available_quantity">[]
}

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
  const errors = useFormErrors(FIELDS)
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
    if (quantity.trim() === "" || !Number.isInteger(n) || n < 0 || (action !== "adjust" && n === 0)) {
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
    if (action === "receive") {
      mutations.receive.mutate({ location_id: location, quantity: n, note: noteValue }, callbacks)
    } else if (action === "adjust") {
      mutations.adjust.mutate({ location_id: location, quantity: n, reason: reason.trim(), note: noteValue }, callbacks)
    } else if (action === "transfer") {
      mutations.transfer.mutate({ from_location_id: location, to_location_id: toLocation, quantity: n, note: noteValue }, callbacks)
    } else {
      mutations["write-off"].mutate({ location_id: location, quantity: n, reason, note: noteValue }, callbacks)
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
      <FormField
        label={action === "adjust" ? "Counted quantity" : "Quantity"}
        htmlFor="quantity"
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
