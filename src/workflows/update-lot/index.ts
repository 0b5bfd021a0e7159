import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordLotMovementsStep } from "../steps/record-lot-movements"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { updateLotAttributesStep } from "./steps/update-lot-attributes"

export type UpdateLotInput = {
  id: string
  update: {
    lot_number?: string
    manufactured_at?: string | null
    expires_at?: string | null
    best_before?: string | null
    supplier?: string | null
    /** The supplier's own batch code (unique per item and supplier); null clears it. */
    supplier_lot_code?: string | null
    origin?: string | null
    /** Cost of one unit, in the store's currency (ledgered like the other fields). */
    unit_cost?: number | null
    /** Set with `unit_cost`: the store's default currency then (src/read-models/unit-cost.ts). */
    unit_cost_currency_code?: string | null
    metadata?: Record<string, unknown> | null
  }
  /** The admin who edits: named on the `edited` ledger line. */
  actor_id?: string | null
}

export const updateLotWorkflowId = "update-lot"

/**
 * Corrects a lot's attributes (a misread date or supplier); stock is untouched.
 * Every real change of its number, dates, supplier, supplier code, origin or
 * cost is written to the lot's ledger as one `edited` line (quantity 0, no
 * location, the admin as actor, `metadata.changes: [{ field, before, after }]`);
 * an update that changes nothing writes nothing. A corrected expiry date can
 * block or unblock the lot, so its locations are settled: the hold follows at
 * once, and newly allocatable units go to order lines waiting for stock.
 */
export const updateLotWorkflow = createWorkflow(updateLotWorkflowId, (input: UpdateLotInput) => {
  const updated = updateLotAttributesStep(input)
  recordLotMovementsStep(
    transform({ input, updated }, ({ input, updated }) =>
      updated.changes.length
        ? [
            {
              lot_id: input.id,
              inventory_item_id: updated.inventory_item_id,
              location_id: null,
              type: "edited",
              quantity: 0,
              actor_id: input.actor_id ?? null,
              metadata: { changes: updated.changes },
            },
          ]
        : []
    )
  ).config({ name: "record-lot-edit" })
  settleLotStockStep(transform({ input }, ({ input }) => ({ lot_ids: [input.id] })))
  const lot = transform({ updated }, ({ updated }) => updated.lot)
  return new WorkflowResponse(lot)
})
