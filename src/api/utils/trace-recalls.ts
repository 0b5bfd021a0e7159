import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import { pg, shipmentSummary } from "./trace-query"

type Resolver = { resolve: (key: string) => any }

export const RECALL_STATUSES = ["open", "closed"] as const
export const NOTICE_STATUSES = ["pending", "sent", "failed", "acknowledged"] as const

const RECALL_FIELDS = [
  "id",
  "reference",
  "reason",
  "public_reason",
  "classification",
  "status",
  "opened_by",
  "opened_at",
  "affected_listed_at",
  "recall_time_ms",
  "all_notified_at",
  "closed_by",
  "closed_at",
  "outcome",
  "metadata",
  "created_at",
  "updated_at",
] as const

type NoticeCounts = { notice_count: number; customers: number; pending: number; sent: number; failed: number; acknowledged: number; without_email: number; units: number }

async function noticeCounts(container: Resolver, recallIds: string[]): Promise<Map<string, NoticeCounts>> {
  if (!recallIds.length) {
    return new Map()
  }
  const { rows } = await pg(container).raw(
    `SELECT recall_id,
            count(*)::int AS notice_count,
            count(DISTINCT coalesce(customer_id, lower(email), order_id))::int AS customers,
            count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'sent')::int AS sent,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged,
            count(*) FILTER (WHERE email IS NULL)::int AS without_email,
            coalesce(sum(quantity), 0)::int AS units
       FROM recall_notice WHERE recall_id IN (${recallIds.map(() => "?").join(", ")}) AND deleted_at IS NULL
      GROUP BY recall_id`,
    recallIds
  )
  return new Map(rows.map((r: any) => [r.recall_id, r as NoticeCounts]))
}

const emptyCounts: NoticeCounts = { notice_count: 0, customers: 0, pending: 0, sent: 0, failed: 0, acknowledged: 0, without_email: 0, units: 0 }

/** `GET /admin/recalls`: recalls newest first with their lots and notice counts, plus totals per status. */
export async function listRecallsForResponse(
  container: Resolver,
  filters: { status?: string[]; q?: string },
  page: { skip: number; take: number }
) {
  const service = lotService(container)
  const where: Record<string, unknown> = {}
  if (filters.status?.length) {
    where.status = filters.status
  }
  if (filters.q) {
    where.reference = { $ilike: `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` }
  }
  const [recalls, count] = await service.listAndCountRecalls(where, {
    select: [...RECALL_FIELDS],
    relations: ["lots"],
    skip: page.skip,
    take: page.take,
    order: { opened_at: "DESC", id: "DESC" },
  })
  const counts = await noticeCounts(
    container,
    recalls.map((r) => r.id)
  )
  const { rows: byStatus } = await pg(container).raw(
    `SELECT status, count(*)::int AS n FROM recall WHERE deleted_at IS NULL GROUP BY status`
  )
  const totals = Object.fromEntries(RECALL_STATUSES.map((s) => [s, byStatus.find((r: any) => r.status === s)?.n ?? 0]))
  return {
    recalls: recalls.map((r: any) => {
      const { metadata: _metadata, lots, ...rest } = r
      return {
        ...rest,
        lot_count: (lots ?? []).length,
        lot_numbers: (lots ?? []).map((l: any) => l.lot_number),
        ...(counts.get(r.id) ?? emptyCounts),
      }
    }),
    count,
    counts: totals,
  }
}

/**
 * `GET /admin/recalls/:id`: the recall, its lots (status then and now, stock
 * then and now), live totals over the shipments, what opening it did to
 * reservations, and one page of its notices (the affected orders and
 * customers).
 */
export async function retrieveRecallForResponse(
  container: Resolver,
  id: string,
  notices: { skip: number; take: number; status?: string[] } = { skip: 0, take: 50 }
) {
  const service = lotService(container)
  const [recall] = (await service.listRecalls({ id }, { select: [...RECALL_FIELDS], relations: ["lots"] })) as any[]
  if (!recall) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${id} was not found`)
  }
  const recallLots = ((recall.lots ?? []) as any[]).sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || a.id.localeCompare(b.id))
  const lotIds = recallLots.map((l) => l.lot_id)
  const noticeFilter: Record<string, unknown> = { recall_id: id }
  if (notices.status?.length) {
    noticeFilter.status = notices.status
  }
  const [lots, stock, summary, counts, [noticeRows, noticeCount]] = await Promise.all([
    lotIds.length ? service.listLots({ id: lotIds }, { select: ["id", "status", "expires_at"] }) : Promise.resolve([]),
    lotIds.length
      ? service.listLotStocks({ lot_id: lotIds }, { select: ["lot_id", "stocked_quantity", "reserved_quantity"] })
      : Promise.resolve([]),
    shipmentSummary(container, lotIds),
    noticeCounts(container, [id]),
    service.listAndCountRecallNotices(noticeFilter, {
      skip: notices.skip,
      take: notices.take,
      order: { first_shipped_at: "ASC", order_display_id: "ASC", id: "ASC" },
    }),
  ])
  const lotById = new Map(lots.map((l) => [l.id, l]))
  const { lots: _lots, metadata, ...fields } = recall
  return {
    recall: {
      ...fields,
      reallocation: metadata?.reallocation ?? null,
      affected: metadata?.affected ?? null,
      lots: recallLots.map((rl) => {
        const mine = stock.filter((s) => s.lot_id === rl.lot_id)
        return {
          lot_id: rl.lot_id,
          lot_number: rl.lot_number,
          inventory_item_id: rl.inventory_item_id,
          previous_status: rl.previous_status,
          status: lotById.get(rl.lot_id)?.status ?? null,
          expires_at: lotById.get(rl.lot_id)?.expires_at ?? null,
          stock_on_hand: rl.stock_on_hand ?? [],
          stocked_quantity: mine.reduce((s, x) => s + x.stocked_quantity, 0),
        }
      }),
      summary: {
        lots: recallLots.length,
        ...summary,
        notices: counts.get(id) ?? emptyCounts,
      },
    },
    notices: noticeRows.map(({ recall: _recall, recall_id: _recallId, ...n }: any) => n),
    count: noticeCount,
    offset: notices.skip,
    limit: notices.take,
  }
}

/** Recall notices by order id, for the export's notice columns (plain SQL: ten thousand rows, no entities). */
export async function noticesByOrder(container: Resolver, recallId: string) {
  const { rows } = await pg(container).raw(
    `SELECT order_id, status, notified_at FROM recall_notice WHERE recall_id = ? AND deleted_at IS NULL`,
    [recallId]
  )
  return new Map<string, { status: string; notified_at: Date | null }>(rows.map((r: any) => [r.order_id, r]))
}
