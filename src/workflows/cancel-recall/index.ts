import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  eventContext,
  LotEvents,
  RecallEvents,
  type LotStatusChangedEvent,
  type RecallCanceledEvent,
} from "../../lib/lot-events"
import { recordLotMovementsStep } from "../steps/record-lot-movements"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { cancelRecallCaseStep, type CancelRecallInput } from "./steps/cancel-recall-case"
import { restoreRecalledLotsStep } from "./steps/restore-recalled-lots"

export type { CancelRecallInput, CanceledRecall } from "./steps/cancel-recall-case"
export type { RestoredLot } from "./steps/restore-recalled-lots"

export const cancelRecallWorkflowId = "cancel-recall"

/** The ledger type of a lot going back to a status after a canceled recall. */
const movementType = (to: string) => (to === "quarantined" ? "quarantined" : "released_from_quarantine")

/**
 * Cancels a recall opened by mistake, in one workflow with compensation:
 * the case is marked canceled with the reason (it stays on record) and its
 * notices not yet sent become void; each lot goes back to the status it had
 * (or a scoped recall's block is lifted from its locations), with a movement
 * each; then the holds are settled with waiting order lines served first,
 * so the units are for sale again. A failure anywhere undoes it all.
 */
export const cancelRecallWorkflow = createWorkflow(cancelRecallWorkflowId, (input: CancelRecallInput) => {
  const canceled = cancelRecallCaseStep(input)
  const restored = restoreRecalledLotsStep(canceled)
  recordLotMovementsStep(
    transform({ input, canceled, restored }, ({ input, canceled, restored }) =>
      // A pair whose lot is still recalled as a whole changes nothing a movement would tell.
      restored.filter((r) => r.to !== "recalled").map((r) => ({
        lot_id: r.lot_id,
        inventory_item_id: r.inventory_item_id,
        location_id: r.location_id,
        type: movementType(r.to),
        quantity: 0,
        reason: `recall canceled: ${input.reason}`,
        reference_type: "recall",
        reference_id: canceled.id,
        actor_id: input.actor_id ?? null,
        metadata: { reference: canceled.reference, from: r.from, to: r.to },
      }))
    )
  )
  // The units are sellable again: order lines waiting as shortfalls take them first, then the holds follow.
  settleLotStockStep(
    transform({ canceled, restored, input }, ({ canceled, input }) => ({
      lot_ids: canceled.lots.map((l) => l.lot_id),
      fill_shortfalls: true,
      actor_id: input.actor_id ?? null,
    }))
  )
  const events = transform({ input, canceled, restored }, ({ input, canceled, restored }) => {
    const context = eventContext(input.actor_id)
    const recall: RecallCanceledEvent = {
      ...context,
      recall_id: canceled.id,
      reference: canceled.reference,
      reason: input.reason,
      lot_ids: canceled.lots.map((l) => l.lot_id),
      voided_notices: canceled.voided_notices,
    }
    // Lots whose own status changed (a scoped recall's pairs change no lot's status).
    const statuses: LotStatusChangedEvent[] = restored
      .filter((r) => r.location_id === null)
      .map((r) => ({
        lot_id: r.lot_id,
        lot_number: r.lot_number,
        supplier_lot_code: null,
        inventory_item_id: r.inventory_item_id,
        sku: null,
        ...context,
        from: r.from,
        to: r.to,
        reason: `recall canceled: ${input.reason}`,
        recall_id: canceled.id,
      }))
    return { canceled: [recall], statuses }
  })
  emitEventStep({ eventName: RecallEvents.CANCELED, data: events.canceled }).config({ name: "emit-recall-canceled" })
  emitEventStep({ eventName: LotEvents.STATUS_CHANGED, data: events.statuses }).config({ name: "emit-lot-status-changed" })
  return new WorkflowResponse(
    transform({ canceled, restored }, ({ canceled, restored }) => ({
      id: canceled.id,
      reference: canceled.reference,
      voided_notices: canceled.voided_notices,
      restored,
    }))
  )
})
