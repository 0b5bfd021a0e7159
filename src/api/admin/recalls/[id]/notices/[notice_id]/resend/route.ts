import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resendRecallNoticeWorkflow } from "../../../../../../../workflows/resend-recall-notice"
import { lotService } from "../../../../../../../modules/lot_tracking/resolve"
import { answerConflicts } from "../../../../../../utils/conflict"
import { noticeForResponse, noticeResponseOptions } from "../../../../../../utils/recall-notice-responses"
import type { ResendNoticeResult } from "../../../../../../../types/http"

/**
 * Sends one notice again (a failed send, or a customer who lost the email):
 * 404 for a notice not of this recall, 409 for a void or acknowledged notice
 * or one without an email. Answers the notice after the attempt.
 */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await resendRecallNoticeWorkflow(req.scope).run({
    input: { recall_id: req.params.id, notice_id: req.params.notice_id },
  })
  const [notice] = await lotService(req.scope).listRecallNotices({ id: result.notice_id })
  const body: ResendNoticeResult = {
    notice: noticeForResponse(notice as any, await noticeResponseOptions(req.scope)),
    sent: result.sent,
    error: result.error,
    all_notified_at: result.all_notified_at,
  }
  res.json(body)
})
