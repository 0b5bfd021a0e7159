import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { eventContext, LotEvents, putAwayEvents, type MovementLike } from "../../lib/lot-events"
import { lotEventRefsStep } from "../steps/lot-event-refs"
import { recordLotMovementsStep, type LotMovementInput } from "../steps/record-lot-movements"
import { setLotBinStep } from "./steps/set-lot-bin"

export type PutAwayLotStockInput = {
  lot_id: string
  location_id: string
  /** The shelf code (1-32 characters), or null to clear it. */
  bin: string | null
  note?: string | null
  actor_id?: string | null
}

export const putAwayLotStockWorkflowId = "put-away-lot-stock"

/**
 * Put-away: the lot's units at a location now sit in another bin. No units
 * move (Medusa's level and lot stock stay), so the ledger line is a
 * `put_away` of quantity 0 with `{ from_bin, to_bin }`; the same bin again
 * records nothing.
 */
export const putAwayLotStockWorkflow = createWorkflow(putAwayLotStockWorkflowId, (input: PutAwayLotStockInput) => {
  const change = setLotBinStep(input)
  const movements = recordLotMovementsStep(
    transform({ input, change }, ({ input, change }): LotMovementInput[] =>
      change.changed
        ? [
            {
              lot_id: change.lot_id,
              inventory_item_id: change.inventory_item_id,
              location_id: change.location_id,
              type: "put_away",
              quantity: 0,
              note: input.note ?? null,
              actor_id: input.actor_id ?? null,
              metadata: { from_bin: change.from_bin, to_bin: change.to_bin },
            },
          ]
        : []
    )
  )
  // Emitted once the workflow succeeded; the same bin again records and emits nothing.
  const refs = lotEventRefsStep(transform({ change }, ({ change }) => ({ lot_ids: change.changed ? [change.lot_id] : [] })))
  const putAway = transform({ input, movements, refs }, ({ input, movements, refs }) =>
    putAwayEvents(movements as MovementLike[], refs, eventContext(input.actor_id))
  )
  emitEventStep({ eventName: LotEvents.PUT_AWAY, data: putAway }).config({ name: "emit-lot-put-away" })
  return new WorkflowResponse(transform({ change, movements }, ({ change, movements }) => ({ ...change, movements })))
})
