import { createWorkflow, parallelize, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  eventContext,
  LotEvents,
  RecallEvents,
  type LotStatusChangedEvent,
  type RecallOpenedEvent,
} from "../../lib/lot-events"
import { normalizeRecallScope, type RecallScope } from "../../lib/recall"
import { recordLotMovementsStep } from "../steps/record-lot-movements"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { blockRecalledLotsStep } from "./steps/block-recalled-lots"
import { completeRecallListingStep } from "./steps/complete-recall-listing"
import { createRecallStep } from "./steps/create-recall"
import { listRecallNoticesStep } from "./steps/list-recall-notices"
import { reallocateRecalledReservationsStep } from "./steps/reallocate-recalled-reservations"
import { validateRecallLotsStep } from "./steps/validate-recall-lots"

export type OpenRecallInput = {
  lot_ids: string[]
  reason: string
  public_reason?: string | null
  classification?: "I" | "II" | "III" | null
  /** Limit the recall to stock at some locations and shipments in a date range (docs/RECALLS.md). */
  scope?: RecallScope | null
  actor_id?: string | null
}

export const openRecallWorkflowId = "open-recall"

/**
 * Open a recall, in one workflow with compensation: open the case, (a)
 * block the lots (status `recalled`, previous status and stock on hand kept,
 * a zero-quantity `recalled` movement each), (b) release their open
 * reservations and reserve those order lines on other eligible lots, with a
 * shortfall where none can cover, (c) list every affected order as a notice
 * and stop the recall-time clock. If any step fails, everything before it is
 * undone: lots active again, reservations back, no recall.
 *
 * With `scope.location_ids` only the lots' stock at those locations is
 * blocked (the lots keep their status); with ship dates and locations the
 * notices list only the shipments in scope.
 */
export const openRecallWorkflow = createWorkflow(openRecallWorkflowId, (input: OpenRecallInput) => {
  const scope = transform({ input }, ({ input }) => normalizeRecallScope(input.scope))
  const lots = validateRecallLotsStep(transform({ input, scope }, ({ input, scope }) => ({ lot_ids: input.lot_ids, scope })))
  const recall = createRecallStep(
    transform({ input, scope }, ({ input, scope }) => ({
      reason: input.reason,
      public_reason: input.public_reason,
      classification: input.classification,
      scope,
      actor_id: input.actor_id,
    }))
  )
  const blocked = blockRecalledLotsStep(
    transform({ recall, lots, scope }, ({ recall, lots, scope }) => ({ recall_id: recall.id, lots, location_ids: scope?.location_ids ?? null }))
  )
  recordLotMovementsStep(
    transform({ input, recall, blocked }, ({ input, recall, blocked }) =>
      blocked.flatMap((lot) =>
        // Scoped: one movement per location blocked; else one for the lot.
        (lot.locations?.length ? lot.locations : [null]).map((location_id) => ({
          lot_id: lot.id,
          inventory_item_id: lot.inventory_item_id,
          location_id,
          type: "recalled",
          quantity: 0,
          reason: input.reason,
          reference_type: "recall",
          reference_id: recall.id,
          actor_id: input.actor_id ?? null,
          metadata: { reference: recall.reference, previous_status: lot.previous_status },
        }))
      )
    )
  )
  // (b) and (c) touch different rows (open reservations vs shipments, which
  // the block made final), so they run side by side; each undoes itself.
  const [reallocation, affected] = parallelize(
    reallocateRecalledReservationsStep(
      transform({ input, recall, blocked, scope }, ({ input, recall, blocked, scope }) => ({
        lot_ids: blocked.map((l) => l.id),
        inventory_item_ids: [...new Set(blocked.map((l) => l.inventory_item_id))],
        reference: recall.reference,
        actor_id: input.actor_id ?? null,
        location_ids: scope?.location_ids ?? null,
      }))
    ),
    listRecallNoticesStep(
      transform({ recall, blocked, scope }, ({ recall, blocked, scope }) => ({
        recall_id: recall.id,
        lot_ids: blocked.map((l) => l.id),
        scope,
      }))
    )
  )
  // The recalled lots' free units (and the reservations just moved off them) are held back from sale.
  settleLotStockStep(
    transform({ blocked, reallocation, input }, ({ blocked, input }) => ({
      lot_ids: blocked.map((l) => l.id),
      fill_shortfalls: false,
      actor_id: input.actor_id ?? null,
    }))
  )
  const listed = completeRecallListingStep(
    transform({ recall, reallocation, affected }, ({ recall, reallocation, affected }) => ({
      recall_id: recall.id,
      opened_at: recall.opened_at,
      reallocation,
      affected,
    }))
  )
  // Emitted once the recall is open (a failed opening emits nothing): the case, and each lot's status change.
  const recallEvents = transform({ input, recall, blocked, affected, scope }, ({ input, recall, blocked, affected, scope }) => {
    const context = eventContext(input.actor_id)
    const opened: RecallOpenedEvent = {
      ...context,
      recall_id: recall.id,
      reference: recall.reference,
      reason: input.reason,
      classification: input.classification ?? null,
      lots: blocked.map((l) => ({ lot_id: l.id, lot_number: l.lot_number, inventory_item_id: l.inventory_item_id })),
      serial_numbers: [],
      affected_orders: affected.orders,
      affected_units: affected.units,
      scope,
    }
    // A recall scoped to locations changes no lot's status.
    const statuses: LotStatusChangedEvent[] = (scope?.location_ids?.length ? [] : blocked).map((l) => ({
      lot_id: l.id,
      lot_number: l.lot_number,
      supplier_lot_code: null,
      inventory_item_id: l.inventory_item_id,
      sku: null,
      ...context,
      from: l.previous_status,
      to: "recalled",
      reason: input.reason,
      recall_id: recall.id,
    }))
    return { opened: [opened], statuses }
  })
  emitEventStep({ eventName: RecallEvents.OPENED, data: recallEvents.opened }).config({ name: "emit-recall-opened" })
  emitEventStep({ eventName: LotEvents.STATUS_CHANGED, data: recallEvents.statuses }).config({ name: "emit-lot-status-changed" })
  return new WorkflowResponse(
    transform({ recall, reallocation, affected, listed }, ({ recall, reallocation, affected, listed }) => ({
      id: recall.id,
      reference: recall.reference,
      recall_time_ms: listed.recall_time_ms,
      reallocation,
      affected,
    }))
  )
})
