import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { affectedSummary, noticesFromShipments, type AffectedSummary } from "../../../lib/recall"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { listShipmentsOfSerials } from "../../../read-models/serial-shipments"

export const listSerialRecallNoticesStepId = "list-serial-recall-notices"

/**
 * (c) of a recall by serial: one notice per order that has one of the units
 * (shipped, not back), with the serials it received. Compensation deletes
 * the notices.
 */
export const listSerialRecallNoticesStep = createStep(
  listSerialRecallNoticesStepId,
  async (input: { recall_id: string; serial_ids: string[] }, { container }) => {
    const started = Date.now()
    const service = lotService(container)
    const shipments = await listShipmentsOfSerials(container, input.serial_ids)
    const notices = noticesFromShipments(input.recall_id, shipments)
    const read = Date.now() - started
    await service.insertRecallNotices(notices)
    const summary: AffectedSummary = { ...affectedSummary(notices), duration_ms: { read, write: Date.now() - started - read } }
    return new StepResponse(summary, input.recall_id)
  },
  async (recallId, { container }) => {
    if (recallId) {
      await lotService(container).removeRecallNotices(recallId)
    }
  }
)
