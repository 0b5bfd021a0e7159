import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { acknowledgeRecallNoticeWorkflow } from "../../../workflows/acknowledge-recall-notice"
import { ACKNOWLEDGEMENT_ACTIONS, acknowledgementRefusal, type AcknowledgementAction } from "../../../lib/recall-acknowledgement"
import { customerNoticeForResponse, noticeByToken, type NoticeWithRecall } from "../../utils/recall-notice-responses"
import { ACTION_LABELS, messagePage, noticePage } from "../page"

/**
 * The page behind the emailed link when the shop has no storefront page for
 * it (the default `acknowledgement_url_template`): outside /store, so it
 * needs no publishable key; the token is the only credential. Same answers as
 * `GET/POST /store/lot-recalls/notices/:token`, as HTML.
 */
function send(res: MedusaResponse, status: number, html: string) {
  res
    .status(status)
    .set({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      // The token is in the URL: never pass it on; no scripts, no framing (the buttons record an answer).
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      "X-Content-Type-Options": "nosniff",
    })
    .send(html)
}

/** The notice, or the page that says why there is none (404 unknown link, 410 withdrawn). */
async function findNotice(req: MedusaRequest, res: MedusaResponse): Promise<NoticeWithRecall | null> {
  try {
    const notice = await noticeByToken(req.scope, req.params.token)
    if (notice.status === "void") {
      send(res, 410, messagePage("Recall notice withdrawn", acknowledgementRefusal(notice, notice.recall)!.message))
      return null
    }
    return notice
  } catch (e) {
    if (MedusaError.isMedusaError(e) && (e as MedusaError).type === MedusaError.Types.NOT_FOUND) {
      send(res, 404, messagePage("Recall notice not found", (e as MedusaError).message))
      return null
    }
    throw e
  }
}

// The form posts back to this same path (relative to /lot-recall/).
const formAction = (token: string) => encodeURIComponent(token)

export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const notice = await findNotice(req, res)
  if (notice) {
    send(res, 200, noticePage(customerNoticeForResponse(notice), formAction(req.params.token)))
  }
}

export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const notice = await findNotice(req, res)
  if (!notice) {
    return
  }
  const action = (req.body as Record<string, unknown> | undefined)?.action
  if (!ACKNOWLEDGEMENT_ACTIONS.includes(action as AcknowledgementAction)) {
    const error = `Choose one of the answers (${ACKNOWLEDGEMENT_ACTIONS.join(", ")})`
    send(res, 400, noticePage(customerNoticeForResponse(notice), formAction(req.params.token), { error }))
    return
  }
  const refusal = acknowledgementRefusal(notice, notice.recall)
  if (refusal) {
    send(res, refusal.status, noticePage(customerNoticeForResponse(notice), formAction(req.params.token), { error: refusal.message }))
    return
  }
  await acknowledgeRecallNoticeWorkflow(req.scope).run({ input: { notice_id: notice.id, action: action as AcknowledgementAction } })
  const updated = await noticeByToken(req.scope, req.params.token)
  const ok = `Thank you: we recorded that ${ACTION_LABELS[action as AcknowledgementAction].done}.`
  send(res, 200, noticePage(customerNoticeForResponse(updated), formAction(req.params.token), { ok }))
}
