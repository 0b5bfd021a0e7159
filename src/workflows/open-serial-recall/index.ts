import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { eventContext, RecallEvents, type RecallOpenedEvent } from "../../lib/lot-events"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { completeRecallListingStep } from "../open-recall/steps/complete-recall-listing"
import { createRecallStep } from "../open-recall/steps/create-recall"
import { blockRecalledSerialsStep } from "./steps/block-recalled-serials"
import { listSerialRecallNoticesStep } from "./steps/list-serial-recall-notices"
import { validateRecallSerialsStep } from "./steps/validate-recall-serials"

export type OpenSerialRecallInput = {
  serial_numbers: string[]
  /** Says which item a serial number means when several items use it (scope `item`). */
  inventory_item_id?: string | null
  reason: string
  public_reason?: string | null
  classification?: "I" | "II" | "III" | null
  actor_id?: string | null
}

export const openSerialRecallWorkflowId = "open-serial-recall"

/**
 * A recall by serial (docs/SERIALS.md): the case opens like a lot recall,
 * but only the named units are blocked (their lots stay as they are), the
 * reservations their blocking leaves uncovered move to other lots, and the
 * customers who have one of them are listed. Each step undoes itself if a
 * later one fails.
 */
export const openSerialRecallWorkflow = createWorkflow(openSerialRecallWorkflowId, (input: OpenSerialRecallInput) => {
  const serials = validateRecallSerialsStep({ serial_numbers: input.serial_numbers, inventory_item_id: input.inventory_item_id })
  const recall = createRecallStep({
    reason: input.reason,
    public_reason: input.public_reason,
    classification: input.classification,
    actor_id: input.actor_id,
  })
  const blocked = blockRecalledSerialsStep(
    transform({ input, recall, serials }, ({ input, recall, serials }) => ({
      recall_id: recall.id,
      reference: recall.reference,
      reason: input.reason,
      serials,
      actor_id: input.actor_id ?? null,
    }))
  )
  const affected = listSerialRecallNoticesStep(
    transform({ recall, serials, blocked }, ({ recall, serials }) => ({ recall_id: recall.id, serial_ids: serials.map((s) => s.id) }))
  )
  // Blocked units in stock are held back from sale.
  settleLotStockStep(
    transform({ blocked, input }, ({ blocked, input }) => ({ pairs: blocked.pairs, fill_shortfalls: false, actor_id: input.actor_id ?? null }))
  )
  const listed = completeRecallListingStep(
    transform({ recall, blocked, affected }, ({ recall, blocked, affected }) => ({
      recall_id: recall.id,
      opened_at: recall.opened_at,
      reallocation: blocked.reallocation,
      affected,
    }))
  )
  // Emitted once the recall is open: the case with its serials (their lots keep their status).
  const opened = transform({ input, recall, serials, affected }, ({ input, recall, serials, affected }): RecallOpenedEvent[] => [
    {
      ...eventContext(input.actor_id),
      recall_id: recall.id,
      reference: recall.reference,
      reason: input.reason,
      classification: input.classification ?? null,
      lots: [],
      serial_numbers: serials.map((s) => s.serial_number),
      affected_orders: affected.orders,
      affected_units: affected.units,
    },
  ])
  emitEventStep({ eventName: RecallEvents.OPENED, data: opened }).config({ name: "emit-recall-opened" })
  return new WorkflowResponse(
    transform({ recall, blocked, affected, listed }, ({ recall, blocked, affected, listed }) => ({
      id: recall.id,
      reference: recall.reference,
      recall_time_ms: listed.recall_time_ms,
      reallocation: blocked.reallocation,
      affected,
    }))
  )
})
