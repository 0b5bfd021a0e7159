import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { noticeTemplateData, type NoticeForTemplate } from "../../../lib/recall"
import type { NotifyResult } from "../../../types/http"

export const RECALL_NOTICE_TEMPLATE = "lot-recall-notice"
export const RECALL_NOTICE_CHANNEL = "email"

/** The step's result is the route's response (`src/types/http.ts`). */
export type NotifyRecallResult = NotifyResult

const BATCH = 100

type NoticeRow = NoticeForTemplate & {
  id: string
  customer_id: string | null
  email: string | null
  status: string
}

export const sendRecallNoticesStepId = "send-recall-notices"

/**
 * Sends each pending or failed notice that has an email through Medusa's
 * Notification Module (template `lot-recall-notice`, channel `email`) and
 * records the outcome on the notice right after each batch. A notice is
 * never sent twice: sent ones are skipped, the notice id is the
 * notification's idempotency key (so a notification that went out before a
 * crash is found and recorded, not resent), and one call runs at a time per
 * recall (lock). Sending cannot be undone, so this step has no compensation.
 */
export const sendRecallNoticesStep = createStep(
  sendRecallNoticesStepId,
  async (input: { recall_id: string }, { container }) => {
    const service = lotService(container)
    const [recall] = await service.listRecalls({ id: input.recall_id })
    if (!recall) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${input.recall_id} was not found`)
    }
    if (recall.status !== "open") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Recall ${recall.reference} is closed; notices are sent while a recall is open`
      )
    }
    const notifications = container.resolve(Modules.NOTIFICATION)

    const result = await container.resolve(Modules.LOCKING).execute(`lot-recall-notify:${recall.id}`, async () => {
      const notices = (await service.listRecallNotices(
        { recall_id: recall.id },
        { select: ["id", "order_id", "order_display_id", "customer_id", "email", "name", "ship_to", "lines", "quantity", "status"], order: { created_at: "ASC", id: "ASC" } }
      )) as unknown as NoticeRow[]
      const done = (n: NoticeRow) => n.status === "sent" || n.status === "acknowledged"
      const alreadySent = notices.filter(done).length
      const withoutEmail = notices.filter((n) => !done(n) && !n.email).length
      const toSend = notices.filter((n) => !done(n) && n.email)
      let sent = 0
      let failed = 0

      for (let i = 0; i < toSend.length; i += BATCH) {
        const batch = toSend.slice(i, i + BATCH)
        let error: string | null = null
        try {
          await notifications.createNotifications(
            batch.map((n) => ({
              to: n.email!,
              channel: RECALL_NOTICE_CHANNEL,
              template: RECALL_NOTICE_TEMPLATE,
              data: noticeTemplateData(recall as any, n),
              trigger_type: "lot_tracking.recall_notice",
              resource_id: n.order_id,
              resource_type: "order",
              receiver_id: n.customer_id,
              idempotency_key: n.id,
            }))
          )
        } catch (e: any) {
          // Some or all of the batch failed; what each notification became is read back below.
          error = String(e?.message ?? e).slice(0, 1000)
        }
        const records = await notifications.listNotifications(
          { idempotency_key: batch.map((n) => n.id) } as any,
          { select: ["id", "idempotency_key", "status", "provider_id", "external_id", "created_at"] }
        )
        const byKey = new Map(records.map((r: any) => [r.idempotency_key, r]))
        const now = new Date()
        await service.updateRecallNotices(
          batch.map((n) => {
            const record: any = byKey.get(n.id)
            const ok = record?.status === "success"
            ok ? sent++ : failed++
            return {
              id: n.id,
              status: ok ? ("sent" as const) : ("failed" as const),
              notified_at: ok ? now : null,
              notification_id: record?.id ?? null,
              provider_result: {
                notification_id: record?.id ?? null,
                status: record?.status ?? "not_created",
                provider_id: record?.provider_id ?? null,
                external_id: record?.external_id ?? null,
                attempted_at: now.toISOString(),
                ...(ok ? {} : { error: error ?? "the notification provider did not confirm the send" }),
              },
            }
          })
        )
      }

      // All notices with an email are sent: the recall's customers are notified.
      const [, remaining] = await service.listAndCountRecallNotices(
        { recall_id: recall.id, email: { $ne: null }, status: { $nin: ["sent", "acknowledged"] } },
        { take: 1, select: ["id"] }
      )
      let allNotifiedAt: Date | null = recall.all_notified_at ? new Date(recall.all_notified_at) : null
      if (!remaining && !allNotifiedAt && notices.some((n) => n.email)) {
        allNotifiedAt = new Date()
        await service.updateRecalls({ id: recall.id, all_notified_at: allNotifiedAt })
      }
      const out: NotifyRecallResult = {
        recall_id: recall.id,
        total: notices.length,
        sent,
        failed,
        already_sent: alreadySent,
        without_email: withoutEmail,
        all_notified_at: allNotifiedAt ? allNotifiedAt.toISOString() : null,
      }
      return out
    })
    return new StepResponse(result)
  }
)
