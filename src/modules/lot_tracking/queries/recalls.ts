import { newAcknowledgementToken } from "../../../lib/recall-acknowledgement"
import type { Knex } from "./knex"
import { placeholders } from "./knex"
import type { NoticeCounts } from "../../../types/http"

export const RECALL_STATUSES = ["open", "closed", "canceled"] as const
export type RecallStatus = (typeof RECALL_STATUSES)[number]

/** A notice row as `insertRecallNotices` writes it (status, counts and contact as listed when the recall opened). */
export type RecallNoticeInsert = {
  id: string
  recall_id: string
  order_id: string
  order_display_id: number | null
  customer_id: string | null
  email: string | null
  name: string | null
  phone: string | null
  ship_to: unknown
  lines: unknown[]
  quantity: number
  returned_quantity: number
  first_shipped_at: string | null
  status: "pending" | "sent" | "failed" | "acknowledged" | "unreachable" | "void"
}

/**
 * Writes notices in one statement; the rows travel as one JSON document (a
 * multi-row INSERT with ~20 bindings per notice is several times slower).
 * Each notice gets its acknowledgement token here, so no notice is without one,
 * and a notice without an email is `unreachable` from the start.
 */
export async function insertRecallNotices(knex: Knex, rows: RecallNoticeInsert[]): Promise<void> {
  if (!rows.length) {
    return
  }
  await knex.raw(
    `INSERT INTO recall_notice (id, recall_id, order_id, order_display_id, customer_id, email, name, phone, ship_to, lines,
                                quantity, returned_quantity, first_shipped_at, status, acknowledgement_token, created_at, updated_at)
     SELECT id, recall_id, order_id, order_display_id, customer_id, email, name, phone, ship_to, lines,
            quantity, returned_quantity, first_shipped_at, status, acknowledgement_token, now(), now()
       FROM jsonb_to_recordset(?::jsonb) AS x(id text, recall_id text, order_id text, order_display_id int, customer_id text,
            email text, name text, phone text, ship_to jsonb, lines jsonb, quantity int, returned_quantity int,
            first_shipped_at timestamptz, status text, acknowledgement_token text)`,
    [
      JSON.stringify(
        rows.map((r) => ({
          ...r,
          // No email: cannot be told by email at all; staff call or write (the notice shows the phone).
          status: r.status === "pending" && !r.email ? "unreachable" : r.status,
          acknowledgement_token: newAcknowledgementToken(),
        }))
      ),
    ]
  )
}

/** Removes a recall that failed to open and everything under it (hard deletes: it never existed). Children first. */
export async function deleteRecallCascade(knex: Knex, recallId: string): Promise<void> {
  await knex("recall_notice").where({ recall_id: recallId }).delete()
  await knex("recall_lot").where({ recall_id: recallId }).delete()
  await knex("recall").where({ id: recallId }).delete()
}

/** Deletes a recall's notices (compensation of listing them). */
export async function deleteRecallNotices(knex: Knex, recallId: string): Promise<void> {
  await knex("recall_notice").where({ recall_id: recallId }).delete()
}

export type { NoticeCounts } from "../../../types/http"

export const EMPTY_NOTICE_COUNTS: NoticeCounts = {
  notice_count: 0,
  customers: 0,
  pending: 0,
  sent: 0,
  failed: 0,
  acknowledged: 0,
  unreachable: 0,
  void: 0,
  without_email: 0,
  units: 0,
  by_acknowledgement: { returned: 0, destroyed: 0, kept: 0 },
}

/** Notice counts per recall, each row with its `recall_id` (only recalls with notices have an entry). */
export async function countNoticesByRecall(
  knex: Knex,
  recallIds: string[]
): Promise<Map<string, NoticeCounts & { recall_id: string }>> {
  if (!recallIds.length) {
    return new Map()
  }
  const { rows } = await knex.raw(
    `SELECT recall_id,
            count(*)::int AS notice_count,
            count(DISTINCT coalesce(customer_id, lower(email), order_id))::int AS customers,
            count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged,
            count(*) FILTER (WHERE status = 'unreachable')::int AS unreachable,
            count(*) FILTER (WHERE status = 'void')::int AS "void",
            count(*) FILTER (WHERE email IS NULL)::int AS without_email,
            coalesce(sum(quantity), 0)::int AS units,
            json_build_object(
              'returned', count(*) FILTER (WHERE status = 'acknowledged' AND acknowledgement = 'returned'),
              'destroyed', count(*) FILTER (WHERE status = 'acknowledged' AND acknowledgement = 'destroyed'),
              'kept', count(*) FILTER (WHERE status = 'acknowledged' AND acknowledgement = 'kept')
            ) AS by_acknowledgement
       FROM recall_notice WHERE recall_id IN (${placeholders(recallIds)}) AND deleted_at IS NULL
      GROUP BY recall_id`,
    recallIds
  )
  return new Map((rows as (NoticeCounts & { recall_id: string })[]).map((r) => [r.recall_id, r]))
}

/** How many recalls are open and closed. */
export async function countRecallsByStatus(knex: Knex): Promise<Record<RecallStatus, number>> {
  const { rows } = await knex.raw(`SELECT status, count(*)::int AS n FROM recall WHERE deleted_at IS NULL GROUP BY status`)
  const byStatus = rows as { status: string; n: number }[]
  return Object.fromEntries(RECALL_STATUSES.map((s) => [s, byStatus.find((r) => r.status === s)?.n ?? 0])) as Record<
    RecallStatus,
    number
  >
}

/** A recall's notice status and send time per order id (plain rows: ten thousand orders, no entities). */
export async function noticeStatusByOrder(
  knex: Knex,
  recallId: string
): Promise<Map<string, { order_id: string; status: string; notified_at: Date | null }>> {
  const { rows } = await knex.raw(
    `SELECT order_id, status, notified_at FROM recall_notice WHERE recall_id = ? AND deleted_at IS NULL`,
    [recallId]
  )
  return new Map(
    (rows as { order_id: string; status: string; notified_at: Date | null }[]).map((r) => [r.order_id, r])
  )
}
