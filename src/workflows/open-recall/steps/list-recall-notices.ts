import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { listShipments } from "../../../read-models/shipments"
import { affectedSummary, noticesFromShipments, shipmentInScope, type AffectedSummary, type RecallScope } from "../../../lib/recall"

export type { AffectedSummary, NoticeLine } from "../../../lib/recall"

export const listRecallNoticesStepId = "list-recall-notices"

/**
 * (c) of a recall: the complete list of affected orders, one notice each
 * (customer contact, ship-to as shipped, units, lots, ship dates), read with
 * the one-statement trace query and written in bulk so that a lot shipped
 * to ten thousand orders is listed in well under a second. Compensation
 * deletes the notices.
 */
export const listRecallNoticesStep = createStep(
  listRecallNoticesStepId,
  async (input: { recall_id: string; lot_ids: string[]; scope?: RecallScope | null }, { container }) => {
    const started = Date.now()
    const service = lotService(container)
    const all = await listShipments(container, input.lot_ids)
    // A scoped recall: only shipments from its locations within its ship dates (the merchant's days).
    const timeZone = input.scope ? (await service.getOptions()).time_zone : "UTC"
    const shipments = input.scope ? all.filter((s) => shipmentInScope(s, input.scope, timeZone)) : all
    const notices = noticesFromShipments(input.recall_id, shipments)
    const read = Date.now() - started
    await service.insertRecallNotices(notices)
    const summary: AffectedSummary = {
      ...affectedSummary(notices),
      duration_ms: { read, write: Date.now() - started - read },
    }
    return new StepResponse(summary, input.recall_id)
  },
  async (recallId, { container }) => {
    if (recallId) {
      await lotService(container).removeRecallNotices(recallId)
    }
  }
)
