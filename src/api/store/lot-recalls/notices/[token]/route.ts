import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { acknowledgeRecallNoticeWorkflow } from "../../../../../workflows/acknowledge-recall-notice"
import { acknowledgementRefusal } from "../../../../../lib/recall-acknowledgement"
import { answerConflicts } from "../../../../utils/conflict"
import { customerNoticeForResponse, noticeByToken } from "../../../../utils/recall-notice-responses"
import type { StoreAcknowledgeRecallNoticeType } from "../validators"

/**
 * The notice behind a customer's link: the recall's public side and the lots
 * of their own order, nothing about anyone else. The token is the credential:
 * unknown and malformed tokens get the same 404. A void notice (the recall
 * was canceled before it was sent) answers 410.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const notice = await noticeByToken(req.scope, req.params.token)
  if (notice.status === "void") {
    const refusal = acknowledgementRefusal(notice, notice.recall)!
    res.status(refusal.status).json({ type: "not_allowed", message: refusal.message })
    return
  }
  res.json({ notice: customerNoticeForResponse(notice) })
}

/** Records the customer's answer; a second answer replaces the first (the first answer's time is kept). */
export const POST = answerConflicts(async (req: MedusaRequest<StoreAcknowledgeRecallNoticeType>, res: MedusaResponse) => {
  const notice = await noticeByToken(req.scope, req.params.token)
  const refusal = acknowledgementRefusal(notice, notice.recall)
  if (refusal) {
    res.status(refusal.status).json({ type: "not_allowed", message: refusal.message })
    return
  }
  await acknowledgeRecallNoticeWorkflow(req.scope).run({ input: { notice_id: notice.id, action: req.validatedBody.action } })
  res.json({ notice: customerNoticeForResponse(await noticeByToken(req.scope, req.params.token)) })
})
