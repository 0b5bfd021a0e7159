import { MedusaError } from "@medusajs/framework/utils"
import {
  ACKNOWLEDGEMENT_INSTRUCTIONS,
  acknowledgementUrl,
  isAcknowledgementToken,
  recallEffectiveness as effectivenessOf,
  type NoticeStatus,
  type RecallEffectiveness,
} from "../../lib/recall-acknowledgement"
import { iso } from "../../lib/sql"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { Resolver } from "../../read-models/pg"
import type { CustomerRecallNotice, NoticeCounts, RecallNotice } from "../../types/http"

/** What the notice fields need from the plugin options (`service.getOptions()`). */
export type NoticeResponseOptions = { acknowledgement_url_template: string }

/**
 * A notice as staff see it (`GET /admin/recalls/:id`, resend): its row without
 * the token column, with the customer's link built from the token instead.
 */
export function noticeForResponse(notice: Record<string, any>, options: NoticeResponseOptions): RecallNotice {
  const { recall: _recall, recall_id: _recallId, acknowledgement_token: token, deleted_at: _deleted, ...rest } = notice
  return {
    ...rest,
    send_attempts: rest.send_attempts ?? 0,
    last_error: rest.last_error ?? null,
    acknowledgement: rest.acknowledgement ?? null,
    acknowledged_at: iso(rest.acknowledged_at),
    acknowledgement_url: acknowledgementUrl(options.acknowledgement_url_template, token),
  } as RecallNotice
}

/** The recall's effectiveness figure from its notice counts (`countNoticesByRecall`). */
export function recallEffectiveness(counts: Pick<NoticeCounts, "sent" | "acknowledged"> & Partial<Pick<NoticeCounts, "by_acknowledgement">>): RecallEffectiveness {
  return effectivenessOf(counts)
}

/** The options the notice fields read, from the module. */
export async function noticeResponseOptions(container: Resolver): Promise<NoticeResponseOptions> {
  const { acknowledgement_url_template } = await lotService(container).getOptions()
  return { acknowledgement_url_template }
}

export type NoticeWithRecall = {
  id: string
  recall_id: string
  status: NoticeStatus
  order_display_id: number | null
  lines: { lot_number: string; product_title?: string | null; sku?: string | null; quantity: number; shipped_at?: string | null; serial_numbers?: string[] }[] | null
  quantity: number
  acknowledgement: CustomerRecallNotice["acknowledgement"]
  acknowledged_at: Date | string | null
  recall: { id: string; reference: string; classification: string | null; public_reason: string | null; opened_at: Date | string; status: string }
}

/**
 * The notice of a customer's link. A malformed token and an unknown one get
 * the same 404 (the shape is checked first, then one query by the unique token).
 */
export async function noticeByToken(container: Resolver, token: string): Promise<NoticeWithRecall> {
  const notFound = () => new MedusaError(MedusaError.Types.NOT_FOUND, "This recall notice was not found: check the link in your email")
  if (!isAcknowledgementToken(token)) {
    throw notFound()
  }
  const [notice] = await lotService(container).listRecallNotices(
    { acknowledgement_token: token },
    { relations: ["recall"], take: 1 }
  )
  if (!notice) {
    throw notFound()
  }
  return notice as unknown as NoticeWithRecall
}

/** What the customer sees: the public side of the recall and their own order's lots (no email, phone, address or internal reason). */
export function customerNoticeForResponse(notice: NoticeWithRecall): CustomerRecallNotice {
  const r = notice.recall
  return {
    recall: {
      reference: r.reference,
      classification: r.classification ?? null,
      public_reason: r.public_reason ?? null,
      opened_at: new Date(r.opened_at).toISOString(),
      status: r.status,
    },
    instructions: ACKNOWLEDGEMENT_INSTRUCTIONS,
    order: { display_id: notice.order_display_id ?? null },
    items: (notice.lines ?? []).map((l) => ({
      product_title: l.product_title ?? null,
      sku: l.sku ?? null,
      lot_number: l.lot_number,
      quantity: l.quantity,
      shipped_at: l.shipped_at ?? null,
      ...(l.serial_numbers?.length ? { serial_numbers: l.serial_numbers } : {}),
    })),
    quantity: notice.quantity,
    status: notice.status,
    acknowledgement: notice.acknowledgement ?? null,
    acknowledged_at: iso(notice.acknowledged_at),
    can_acknowledge: notice.status !== "void" && r.status !== "canceled",
  }
}
