import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { noticeTemplateData, type NoticeForTemplate } from "../../../lib/recall"
import {
  acknowledgementUrl,
  allReachableNotified,
  noticeAfterSend,
  notificationErrors,
  sendIdempotencyKey,
  type NoticeStatus,
} from "../../../lib/recall-acknowledgement"
import type { NotifyResult } from "../../../types/http"

export const RECALL_NOTICE_TEMPLATE = "lot-recall-notice"
export const RECALL_NOTICE_CHANNEL = "email"

/** The step's result is the route's response (`src/types/http.ts`). */
export type NotifyRecallResult = NotifyResult

const BATCH = 100

/** The notice columns a send reads. */
export const NOTICE_SEND_FIELDS = [
  "id",
  "recall_id",
  "order_id",
  "order_display_id",
  "customer_id",
  "email",
  "name",
  "ship_to",
  "lines",
  "quantity",
  "status",
  "send_attempts",
  "notified_at",
  "acknowledgement_token",
] as const

export type NoticeRow = NoticeForTemplate & {
  id: string
  customer_id: string | null
  email: string | null
  status: NoticeStatus
  send_attempts: number
  notified_at: Date | string | null
  acknowledgement_token: string | null
}

type RecallRow = {
  id: string
  reference: string
  classification: string | null
  public_reason: string | null
  opened_at: Date | string
  status: string
  all_notified_at: Date | string | null
}

export type SendOutcome = { ok: boolean; error: string | null }

/** The recall, refused unless it is open (notices go out while a recall is open). */
export async function openRecallForSending(container: MedusaContainer, recallId: string): Promise<RecallRow> {
  const [recall] = await lotService(container).listRecalls({ id: recallId })
  if (!recall) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${recallId} was not found`)
  }
  if (recall.status !== "open") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Recall ${recall.reference} is ${recall.status}; notices are sent while a recall is open`)
  }
  return recall as unknown as RecallRow
}

/**
 * Sends notices (one batch) through the Notification Module and records each
 * one's own outcome: in a batch where some sends fail, the others are
 * recorded as sent. Each attempt has its own idempotency key (see
 * `sendIdempotencyKey`): a notification that went out before a crash is found
 * and recorded, not sent again; a resend is a new notification.
 */
export async function sendNoticeBatch(container: MedusaContainer, recall: RecallRow, batch: NoticeRow[]): Promise<Map<string, SendOutcome>> {
  const service = lotService(container)
  const notifications = container.resolve(Modules.NOTIFICATION)
  const { acknowledgement_url_template } = await service.getOptions()
  const keys = new Map(batch.map((n) => [n.id, sendIdempotencyKey(n.id, n.send_attempts + 1)]))
  // A key already used by a notification that did not succeed (a crash mid-attempt) gets a fresh one:
  // the Notification Module would otherwise resend under the old record.
  const earlier = await notifications.listNotifications({ idempotency_key: [...keys.values()] } as any, { select: ["idempotency_key", "status"] })
  const earlierByKey = new Map(earlier.map((r: any) => [r.idempotency_key, r.status]))
  for (const [id, key] of keys) {
    if (earlierByKey.has(key) && earlierByKey.get(key) !== "success") {
      keys.set(id, `${key}:${Date.now().toString(36)}`)
    }
  }
  const toSend = batch.filter((n) => earlierByKey.get(keys.get(n.id)) !== "success")
  let batchError: string | null = null
  if (toSend.length) {
    try {
      await notifications.createNotifications(
        toSend.map((n) => {
          const url = acknowledgementUrl(acknowledgement_url_template, n.acknowledgement_token)
          return {
            to: n.email!,
            channel: RECALL_NOTICE_CHANNEL,
            template: RECALL_NOTICE_TEMPLATE,
            // The customer's link and its token, for templates that build their own URL.
            data: { ...noticeTemplateData(recall, n), acknowledgement: { token: n.acknowledgement_token, url } },
            trigger_type: "lot_tracking.recall_notice",
            resource_id: n.order_id,
            resource_type: "order",
            receiver_id: n.customer_id,
            idempotency_key: keys.get(n.id)!,
          }
        })
      )
    } catch (e: any) {
      // Some or all of the batch failed; what each notification became is read back below.
      batchError = String(e?.message ?? e)
    }
  }
  const records = await notifications.listNotifications(
    { idempotency_key: [...keys.values()] } as any,
    { select: ["id", "idempotency_key", "status", "provider_id", "external_id", "created_at"] }
  )
  const byKey = new Map(records.map((r: any) => [r.idempotency_key, r]))
  const errors = batchError ? notificationErrors(batchError) : new Map<string, string>()
  const now = new Date()
  const outcomes = new Map<string, SendOutcome>()
  await service.updateRecallNotices(
    batch.map((n) => {
      const record: any = byKey.get(keys.get(n.id))
      const ok = record?.status === "success"
      const error = ok ? null : (record && errors.get(record.id)) || batchError || "the notification provider did not confirm the send"
      outcomes.set(n.id, { ok, error })
      return {
        id: n.id,
        ...noticeAfterSend(n, { ok, error }, now),
        notification_id: record?.id ?? null,
        provider_result: {
          notification_id: record?.id ?? null,
          status: record?.status ?? "not_created",
          provider_id: record?.provider_id ?? null,
          external_id: record?.external_id ?? null,
          attempted_at: now.toISOString(),
          ...(ok ? {} : { error: error?.slice(0, 1000) }),
        },
      }
    })
  )
  return outcomes
}

/** Sets `all_notified_at` the first time every reachable customer is notified; answers it. */
export async function markAllNotified(container: MedusaContainer, recall: RecallRow): Promise<string | null> {
  if (recall.all_notified_at) {
    return new Date(recall.all_notified_at).toISOString()
  }
  const service = lotService(container)
  const counts = (await service.countNoticesByRecall([recall.id])).get(recall.id)
  if (!counts || !allReachableNotified(counts)) {
    return null
  }
  const at = new Date()
  await service.updateRecalls({ id: recall.id, all_notified_at: at })
  return at.toISOString()
}

export const sendRecallNoticesStepId = "send-recall-notices"

/**
 * "Notify": sends the recall's `pending` notices that have an email through
 * Medusa's Notification Module (template `lot-recall-notice`, channel
 * `email`), recording each notice's outcome right after its batch. A notice
 * that failed is not retried here (it would be resent on every Notify):
 * staff resend it (`resend-recall-notice`). A pending notice without an email
 * becomes `unreachable`. One call runs at a time per recall (lock, shared with
 * resends). Sending cannot be undone, so this step has no compensation: its
 * records are what was sent.
 */
export const sendRecallNoticesStep = createStep(
  sendRecallNoticesStepId,
  async (input: { recall_id: string }, { container }) => {
    const service = lotService(container)
    const recall = await openRecallForSending(container, input.recall_id)

    const result = await container.resolve(Modules.LOCKING).execute(`lot-recall-notify:${recall.id}`, async () => {
      const notices = (await service.listRecallNotices(
        { recall_id: recall.id },
        { select: [...NOTICE_SEND_FIELDS], order: { created_at: "ASC", id: "ASC" } }
      )) as unknown as NoticeRow[]
      const noEmail = notices.filter((n) => n.status === "pending" && !n.email)
      if (noEmail.length) {
        await service.updateRecallNotices(noEmail.map((n) => ({ id: n.id, status: "unreachable" as const })))
      }
      const toSend = notices.filter((n) => n.status === "pending" && n.email)
      let sent = 0
      let failed = 0
      for (let i = 0; i < toSend.length; i += BATCH) {
        const outcomes = await sendNoticeBatch(container, recall, toSend.slice(i, i + BATCH))
        for (const o of outcomes.values()) {
          o.ok ? sent++ : failed++
        }
      }
      const out: NotifyRecallResult = {
        recall_id: recall.id,
        total: notices.length,
        sent,
        failed,
        failed_earlier: notices.filter((n) => n.status === "failed").length,
        already_sent: notices.filter((n) => n.status === "sent" || n.status === "acknowledged").length,
        unreachable: notices.filter((n) => n.status === "unreachable" || (n.status === "pending" && !n.email)).length,
        without_email: notices.filter((n) => !n.email && n.status !== "void").length,
        all_notified_at: await markAllNotified(container, recall),
      }
      return out
    })
    return new StepResponse(result)
  }
)
