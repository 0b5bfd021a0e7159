/**
 * The customer's acknowledgement of a recall notice: each notice carries an
 * unguessable token (192 random bits, URL-safe), the key of the public link
 * `GET/POST /store/lot-recalls/notices/:token`. The token is the only
 * credential of that link, so it is long and never derived from ids.
 *
 * Also the rules of sending a notice (what Notify sends, what a send makes of
 * a notice, when every reachable customer is notified) and the effectiveness
 * figure: no database here, the workflows and routes apply them.
 */
import { randomBytes } from "node:crypto"

export const ACKNOWLEDGEMENT_ACTIONS = ["returned", "destroyed", "kept"] as const
export type AcknowledgementAction = (typeof ACKNOWLEDGEMENT_ACTIONS)[number]

export const NOTICE_STATUSES = ["pending", "sent", "failed", "acknowledged", "unreachable", "void"] as const
export type NoticeStatus = (typeof NOTICE_STATUSES)[number]

/** What the customer is asked to do; the recall's public reason says why. */
export const ACKNOWLEDGEMENT_INSTRUCTIONS =
  "Stop using the products listed below. Return them to us or destroy them, then tell us what you did with them."

/** A new token: 24 random bytes as base64url (32 characters). */
export function newAcknowledgementToken(): string {
  return randomBytes(24).toString("base64url")
}

/** Whether a path segment can be a token at all (checked before any query). */
export function isAcknowledgementToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{32}$/.test(value)
}

/** The customer's link: the plugin option's template with the token (null for a notice without one). */
export function acknowledgementUrl(template: string, token: string | null | undefined): string | null {
  return token ? template.split("{token}").join(encodeURIComponent(token)) : null
}

/**
 * The Notification Module's idempotency key of a send attempt: the notice id
 * for the first (so a send that went out before a crash is found, not
 * repeated), `<id>:<attempt>` after, so a resend is a new notification.
 */
export function sendIdempotencyKey(noticeId: string, attempt: number): string {
  return attempt <= 1 ? noticeId : `${noticeId}:${attempt}`
}

/**
 * What one send attempt makes of a notice. A notice already sent stays sent
 * when a resend fails (the customer was told once; the error is kept), and
 * keeps its first `notified_at`. An acknowledged notice is never sent again.
 */
export function noticeAfterSend(
  notice: { status: NoticeStatus; send_attempts: number; notified_at: Date | string | null },
  outcome: { ok: boolean; error: string | null },
  now: Date
): { status: NoticeStatus; send_attempts: number; notified_at: Date | null; last_error: string | null } {
  const alreadyNotified = notice.status === "sent" || notice.status === "acknowledged"
  const notifiedAt = notice.notified_at ? new Date(notice.notified_at) : null
  if (outcome.ok) {
    return {
      status: notice.status === "acknowledged" ? "acknowledged" : "sent",
      send_attempts: notice.send_attempts + 1,
      notified_at: notifiedAt ?? now,
      last_error: null,
    }
  }
  return {
    status: alreadyNotified ? notice.status : "failed",
    send_attempts: notice.send_attempts + 1,
    notified_at: notifiedAt,
    last_error: (outcome.error ?? "the notification provider did not confirm the send").slice(0, 1000),
  }
}

/** Why a notice cannot be resent (null: it can). */
export function resendRefusal(notice: { status: NoticeStatus; email: string | null }, reference: string): string | null {
  if (notice.status === "void") {
    return `This notice of recall ${reference} is void (the recall was canceled before it was sent); it cannot be sent`
  }
  if (notice.status === "acknowledged") {
    return `The customer already answered this notice of recall ${reference}; it is not sent again`
  }
  if (!notice.email) {
    return `The customer of this notice of recall ${reference} has no email address: contact them by phone or post`
  }
  return null
}

/**
 * Whether every reachable customer is notified: no notice still pending or
 * failed, and at least one was told. Unreachable (no email) and void notices
 * do not hold it back; they are counted apart.
 */
export function allReachableNotified(counts: { pending: number; failed: number; sent: number; acknowledged: number }): boolean {
  return counts.pending === 0 && counts.failed === 0 && counts.sent + counts.acknowledged > 0
}

export type RecallEffectiveness = {
  /** Customers told: notices sent or acknowledged. */
  notified: number
  /** Of those, customers who answered. */
  acknowledged: number
  /** acknowledged / notified (0..1, 4 decimals); null while nobody was notified. */
  rate: number | null
  /** The answers: what customers did with the units. */
  returned: number
  destroyed: number
  kept: number
}

/** The recall's effectiveness check: how many of the notified customers acknowledged, and what they did. */
export function recallEffectiveness(counts: {
  sent: number
  acknowledged: number
  by_acknowledgement?: Partial<Record<AcknowledgementAction, number>> | null
}): RecallEffectiveness {
  const notified = counts.sent + counts.acknowledged
  const by = counts.by_acknowledgement ?? {}
  return {
    notified,
    acknowledged: counts.acknowledged,
    rate: notified ? Math.round((counts.acknowledged / notified) * 10000) / 10000 : null,
    returned: by.returned ?? 0,
    destroyed: by.destroyed ?? 0,
    kept: by.kept ?? 0,
  }
}

/**
 * Whether a customer's answer can be recorded: not on a void notice (410:
 * withdrawn) nor on a canceled recall (409: nothing to do). A closed recall
 * still takes late answers (they complete the effectiveness check).
 */
export function acknowledgementRefusal(
  notice: { status: NoticeStatus },
  recall: { reference: string; status: string }
): { status: 409 | 410; message: string } | null {
  if (notice.status === "void") {
    return { status: 410, message: `This recall notice was withdrawn: recall ${recall.reference} was canceled` }
  }
  if (recall.status === "canceled") {
    return { status: 409, message: `Recall ${recall.reference} was canceled: there is nothing to do with these products` }
  }
  return null
}

/**
 * What an answer writes: the action, status `acknowledged`, and the time of
 * the FIRST answer (when the customer responded; a later answer changes the
 * action only).
 */
export function acknowledgementUpdate(
  notice: { acknowledged_at: Date | string | null },
  action: AcknowledgementAction,
  now: Date
): { acknowledgement: AcknowledgementAction; status: "acknowledged"; acknowledged_at: Date } {
  return { acknowledgement: action, status: "acknowledged", acknowledged_at: notice.acknowledged_at ? new Date(notice.acknowledged_at) : now }
}

/** Per-notification errors out of the Notification Module's aggregated error ("Failed to send notification with id X:\n..."). */
export function notificationErrors(message: string): Map<string, string> {
  const out = new Map<string, string>()
  const re = /Failed to send notification with id (\S+?):\n([\s\S]*?)(?=\nFailed to send notification with id |$)/g
  for (const m of message.matchAll(re)) {
    out.set(m[1], m[2].trim())
  }
  return out
}
