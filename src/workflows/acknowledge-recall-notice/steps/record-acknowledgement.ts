import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { acknowledgementRefusal, acknowledgementUpdate, type AcknowledgementAction } from "../../../lib/recall-acknowledgement"

export type AcknowledgeRecallNoticeInput = { notice_id: string; action: AcknowledgementAction }

export const recordAcknowledgementStepId = "record-recall-acknowledgement"

/**
 * Records the customer's answer on the notice (status `acknowledged`, the
 * action, the time of the first answer), checked again under the notice's
 * lock so that an answer cannot land on a notice the recall's cancellation
 * just voided. Compensation puts the notice back as it was.
 */
export const recordAcknowledgementStep = createStep(
  recordAcknowledgementStepId,
  async (input: AcknowledgeRecallNoticeInput, { container }) => {
    const service = lotService(container)
    const done = await container.resolve(Modules.LOCKING).execute(`lot-recall-notice:${input.notice_id}`, async () => {
      const [notice] = (await service.listRecallNotices({ id: input.notice_id }, { relations: ["recall"] })) as any[]
      if (!notice) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, "This recall notice was not found: check the link in your email")
      }
      const refusal = acknowledgementRefusal(notice, notice.recall)
      if (refusal) {
        throw new MedusaError(MedusaError.Types.CONFLICT, refusal.message)
      }
      const update = acknowledgementUpdate(notice, input.action, new Date())
      await service.updateRecallNotices({ id: notice.id, ...update })
      return {
        result: { notice_id: notice.id as string, recall_id: notice.recall_id as string, ...update },
        previous: { id: notice.id, status: notice.status, acknowledgement: notice.acknowledgement, acknowledged_at: notice.acknowledged_at },
      }
    })
    return new StepResponse(done.result, done.previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await lotService(container).updateRecallNotices(previous as any)
    }
  }
)
