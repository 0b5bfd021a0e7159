import { Input, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { Lot } from "../../types/http"
import { usePutAwayLot } from "../hooks/api/lots"
import { useFormErrors } from "../hooks/use-form-errors"
import type { FieldMatcher } from "../lib/field-errors"
import { binProblem, normalizeBin } from "../lib/receive-form"
import { FormDrawer } from "./form-drawer"
import { FormField } from "./form-field"

const FIELDS: FieldMatcher[] = [
  { field: "bin", match: ["bin", "Bin"] },
  { field: "location_id", match: ["location_id", "Stock location", "location"] },
]

type Props = {
  lot: Pick<Lot, "id" | "lot_number" | "stock">
  /** The stock row (location) whose bin changes; null: closed. */
  locationId: string | null
  onClose: () => void
}

/**
 * Moves a lot's units at one location to another bin (shelf), or clears the
 * bin: no quantity changes, the ledger records the put-away.
 */
export const PutAwayDrawer = ({ lot, locationId, onClose }: Props) => {
  const stock = lot.stock.find((s) => s.location_id === locationId)
  const current = stock?.bin ?? null
  const [bin, setBin] = useState("")
  const errors = useFormErrors(FIELDS)
  const putAway = usePutAwayLot(lot.id)

  useEffect(() => {
    if (locationId) {
      setBin(current ?? "")
      errors.clear()
    }
  }, [locationId, lot.id])

  const next = normalizeBin(bin)
  const clearing = !next && !!current

  const submit = () => {
    if (!locationId) {
      return
    }
    const problem = binProblem(bin)
    if (!errors.check(problem ? { bin: problem } : {})) {
      return
    }
    if (next === current) {
      onClose()
      return
    }
    const where = stock?.location_name ?? locationId
    putAway.mutate(
      { location_id: locationId, bin: next },
      {
        onSuccess: () => {
          toast.success(next ? `Lot ${lot.lot_number} put away in bin ${next}` : `Bin of lot ${lot.lot_number} cleared`, {
            description: where,
          })
          onClose()
        },
        onError: (e) => errors.fromApiError(e, { [locationId]: where }),
      }
    )
  }

  return (
    <FormDrawer
      open={!!locationId}
      onOpenChange={(open) => !open && onClose()}
      title="Put away"
      description="Move the lot's units at this location to another bin, or clear the bin"
      intro={
        <Text size="small" className="text-ui-fg-subtle">
          {stock
            ? `${stock.stocked_quantity} units of lot ${lot.lot_number} at ${stock.location_name ?? stock.location_id}, ${
                current ? `now in bin ${current}` : "in no bin yet"
              }. The quantities do not change; the ledger records the move.`
            : `Lot ${lot.lot_number}`}
        </Text>
      }
      general={errors.general}
      saving={putAway.isPending}
      onSubmit={submit}
      submitLabel={clearing ? "Clear bin" : "Put away"}
      testId="put-away-drawer"
      submitTestId="put-away-submit"
      formId="put-away-form"
    >
      <form
        id="put-away-form"
        className="flex flex-col gap-y-6"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <FormField
          label="Bin"
          htmlFor="put-away-bin"
          hint={clearing ? `Empty: the units will be in no bin (bin ${current} cleared).` : "The shelf code, up to 32 characters. Leave empty to clear the bin."}
          error={errors.errors.bin}
        >
          <Input
            id="put-away-bin"
            className="font-mono"
            autoComplete="off"
            autoFocus
            placeholder="e.g. A-01-03"
            value={bin}
            onChange={(e) => {
              setBin(e.target.value)
              errors.clearField("bin")
            }}
            data-testid="put-away-bin"
          />
        </FormField>
      </form>
    </FormDrawer>
  )
}
