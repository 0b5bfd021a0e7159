import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { resendRefusal } from "../../../lib/recall-acknowledgement"
import {
  markAllNotified,
  NOTICE_SEND_FIELDS,
  openRecallForSending,
  sendNoticeBatch,
  type NoticeRow,
} from "../../notify-recall/steps/send-recall-notices"

export type ResendRecallNoticeInput = { recall_id: string; notice_id: string }

export type ResendRecallNoticeResult = { notice_id: string; sent: boolean; error: string | null; all_notified_at: string | null }

export const resendRecallNoticeStepId = "resend-recall-notice"

/**
 * Sends one notice again, whatever its state (pending, failed or sent), as a
 * new notification; refused for a void notice, an acknowledged one and one
 * without an email (409). Runs under the recall's notify lock. Like Notify,
 * a send cannot be undone: no compensation, the record is what was sent.
 */
export const resendRecallNoticeStep = createStep(resendRecallNoticeStepId, async (input: ResendRecallNoticeInput, { container }) => {
  const service = lotService(container)
  const [recall] = await service.listRecalls({ id: input.recall_id }, { select: ["id", "reference"] })
  if (!recall) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${input.recall_id} was not found`)
  }
  const result = await container.resolve(Modules.LOCKING).execute(`lot-recall-notify:${recall.id}`, async () => {
    const [notice] = (await service.listRecallNotices(
      { id: input.notice_id, recall_id: recall.id },
      { select: [...NOTICE_SEND_FIELDS] }
    )) as unknown as NoticeRow[]
    if (!notice) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Notice ${input.notice_id} was not found on recall ${recall.reference}`)
    }
    const refusal = resendRefusal(notice, recall.reference)
    if (refusal) {
      throw new MedusaError(MedusaError.Types.CONFLICT, refusal)
    }
    const open = await openRecallForSending(container, recall.id)
    const outcome = (await sendNoticeBatch(container, open, [notice])).get(notice.id)!
    const out: ResendRecallNoticeResult = {
      notice_id: notice.id,
      sent: outcome.ok,
      error: outcome.error,
      all_notified_at: await markAllNotified(container, open),
    }
    return out
  })
  return new StepResponse(result)
})
