import { MedusaError } from "@medusajs/framework/utils"
import { escapeLike } from "../../lib/like"
import { NOTICE_STATUSES } from "../../lib/recall-acknowledgement"
import { shipmentInScope, type RecallScope } from "../../lib/recall"
import { lotService } from "../../modules/lot_tracking/resolve"
import { EMPTY_NOTICE_COUNTS, RECALL_STATUSES } from "../../modules/lot_tracking/service"
import { itemNames } from "../../read-models/item-names"
import { listShipmentsOfSerials } from "../../read-models/serial-shipments"
import { listShipments, listUnshippedFulfillments, type Shipment } from "../../read-models/shipments"
import type { Resolver } from "../../read-models/pg"
import type { RecallDetail, RecallListItem, SerialStatus, UnshippedFulfillment } from "../../types/http"
import { noticeForResponse, noticeResponseOptions, recallEffectiveness } from "./recall-notice-responses"

export { NOTICE_STATUSES, RECALL_STATUSES }

const RECALL_FIELDS = [
  "id",
  "reference",
  "reason",
  "public_reason",
  "classification",
  "status",
  "scope",
  "opened_by",
  "opened_at",
  "affected_listed_at",
  "recall_time_ms",
  "all_notified_at",
  "closed_by",
  "closed_at",
  "outcome",
  "canceled_by",
  "canceled_at",
  "cancel_reason",
  "metadata",
  "created_at",
  "updated_at",
] as const

/** `GET /admin/recalls`: recalls newest first with their lots and notice counts, plus totals per status. */
export async function listRecallsForResponse(
  container: Resolver,
  filters: { status?: string[]; q?: string },
  page: { skip: number; take: number }
): Promise<{ recalls: RecallListItem[]; count: number; counts: Record<(typeof RECALL_STATUSES)[number], number> }> {
  const service = lotService(container)
  const where: Record<string, unknown> = {}
  if (filters.status?.length) {
    where.status = filters.status
  }
  if (filters.q) {
    where.reference = { $ilike: `%${escapeLike(filters.q)}%` }
  }
  const [recalls, count] = await service.listAndCountRecalls(where, {
    select: [...RECALL_FIELDS],
    relations: ["lots", "serials"],
    skip: page.skip,
    take: page.take,
    order: { opened_at: "DESC", id: "DESC" },
  })
  const [counts, totals] = await Promise.all([
    service.countNoticesByRecall(recalls.map((r) => r.id)),
    service.countRecallsByStatus(),
  ])
  return {
    recalls: recalls.map((r: any) => {
      const { metadata: _metadata, lots, serials, ...rest } = r
      const noticeCounts = counts.get(r.id) ?? EMPTY_NOTICE_COUNTS
      return {
        ...rest,
        lot_count: (lots ?? []).length,
        lot_numbers: (lots ?? []).map((l: any) => l.lot_number),
        serial_count: (serials ?? []).length,
        ...noticeCounts,
        effectiveness: recallEffectiveness(noticeCounts),
      }
    }),
    count,
    counts: totals,
  }
}

/** Shipment totals from a list of shipments: a recall by serial (its units'), a scoped recall (those in scope). */
function summarizeUnitShipments(shipments: Shipment[], countReturns = false) {
  const dates = shipments.map((s) => s.shipped_at ?? s.fulfilled_at).filter((d): d is string => !!d).sort()
  return {
    shipments: shipments.length,
    orders: new Set(shipments.map((s) => s.order.id)).size,
    units_shipped: shipments.reduce((sum, s) => sum + s.quantity, 0),
    units_returned: countReturns ? shipments.reduce((sum, s) => sum + s.returned_quantity, 0) : 0,
    first_shipped_at: dates[0] ?? null,
    last_shipped_at: dates[dates.length - 1] ?? null,
  }
}

/**
 * `GET /admin/recalls/:id`: the recall, its lots (status then and now, stock
 * then and now), live totals over the shipments (of a scoped recall: those
 * in scope), what opening it did to reservations, the fulfilments to stop
 * before they ship, and one page of its notices (the affected orders and
 * customers).
 */
export async function retrieveRecallForResponse(
  container: Resolver,
  id: string,
  notices: { skip: number; take: number; status?: string[] } = { skip: 0, take: 50 }
): Promise<RecallDetail> {
  const service = lotService(container)
  const [recall] = (await service.listRecalls({ id }, { select: [...RECALL_FIELDS], relations: ["lots", "serials"] })) as any[]
  if (!recall) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${id} was not found`)
  }
  const recallLots = ((recall.lots ?? []) as any[]).sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || a.id.localeCompare(b.id))
  const lotIds = recallLots.map((l) => l.lot_id)
  const noticeFilter: Record<string, unknown> = { recall_id: id }
  if (notices.status?.length) {
    noticeFilter.status = notices.status
  }
  const scope = (recall.scope ?? null) as RecallScope | null
  const timeZone = scope ? (await service.getOptions()).time_zone : "UTC"
  const [lots, stock, summary, counts, [noticeRows, noticeCount], items, unshipped, noticeOptions] = await Promise.all([
    lotIds.length ? service.listLots({ id: lotIds }, { select: ["id", "status", "expires_at"] }) : Promise.resolve([]),
    lotIds.length
      ? service.listLotStocks({ lot_id: lotIds }, { select: ["lot_id", "stocked_quantity", "reserved_quantity"] })
      : Promise.resolve([]),
    // A recall by serial: the shipments of its units still out; a lot recall: every shipment of its lots.
    (recall.serials ?? []).length
      ? listShipmentsOfSerials(container, (recall.serials as any[]).map((s) => s.serial_id)).then((s) => summarizeUnitShipments(s))
      : scope
        ? listShipments(container, lotIds).then((all) => summarizeUnitShipments(all.filter((s) => shipmentInScope(s, scope, timeZone)), true))
        : service.summarizeShipments(lotIds),
    service.countNoticesByRecall([id]),
    service.listAndCountRecallNotices(noticeFilter, {
      skip: notices.skip,
      take: notices.take,
      order: { first_shipped_at: "ASC", order_display_id: "ASC", id: "ASC" },
    }),
    itemNames(
      container,
      recallLots.map((l) => l.inventory_item_id)
    ),
    // Only an open recall has shipments to stop.
    recall.status === "open" ? listUnshippedFulfillments(container, lotIds) : Promise.resolve([] as UnshippedFulfillment[]),
    noticeResponseOptions(container),
  ])
  const stopBeforeShipping = unshipped.filter((u) =>
    shipmentInScope({ ship_from: { location_id: u.location_id }, shipped_at: null, fulfilled_at: u.fulfilled_at }, scope, timeZone)
  )
  const lotById = new Map(lots.map((l) => [l.id, l]))
  const { lots: _lots, serials: recallSerials, metadata, ...fields } = recall
  const serialRows = (recallSerials ?? []) as any[]
  const now = serialRows.length
    ? await service.listLotSerials({ id: serialRows.map((s) => s.serial_id) }, { select: ["id", "status", "location_id"] })
    : []
  const nowById = new Map(now.map((n) => [n.id, n]))
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
          inventory_item: items.get(rl.inventory_item_id) ?? null,
          previous_status: rl.previous_status,
          status: lotById.get(rl.lot_id)?.status ?? null,
          expires_at: lotById.get(rl.lot_id)?.expires_at ?? null,
          stock_on_hand: rl.stock_on_hand ?? [],
          stocked_quantity: mine.reduce((s, x) => s + x.stocked_quantity, 0),
        }
      }),
      ...(serialRows.length
        ? {
            serials: serialRows
              .sort((a, b) => (a.serial_number < b.serial_number ? -1 : a.serial_number > b.serial_number ? 1 : 0))
              .map((s) => {
                const current = nowById.get(s.serial_id)
                return {
                  serial_id: s.serial_id,
                  serial_number: s.serial_number,
                  inventory_item_id: s.inventory_item_id,
                  lot_id: s.lot_id,
                  lot_number: s.lot_number,
                  status_at_open: s.status_at_open,
                  status: (current?.status ?? null) as SerialStatus | null,
                  location_id: current?.location_id ?? null,
                }
              }),
          }
        : {}),
      summary: {
        lots: recallLots.length,
        ...summary,
        notices: counts.get(id) ?? EMPTY_NOTICE_COUNTS,
      },
      effectiveness: recallEffectiveness(counts.get(id) ?? EMPTY_NOTICE_COUNTS),
    },
    stop_before_shipping: stopBeforeShipping,
    notices: noticeRows.map((n: any) => noticeForResponse(n, noticeOptions)),
    count: noticeCount,
    offset: notices.skip,
    limit: notices.take,
  }
}
