import { MedusaError } from "@medusajs/framework/utils"
import { iso } from "../../lib/sql"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { SerialListFilters } from "../../modules/lot_tracking/service"
import { itemNames } from "../../read-models/item-names"
import type { Resolver } from "../../read-models/pg"
import { serialOrders } from "../../read-models/serials"
import type { Serial, SerialDetail, SerialHistoryEntry } from "../../types/http"

type SerialRows = Awaited<ReturnType<ReturnType<typeof lotService>["listSerialsWithLots"]>>["rows"]

/**
 * Serials as the API shows them (docs/SERIALS.md, "One serial"): the unit and
 * its lot from the module, the item's label, and the order's number and
 * customer for a unit reserved or shipped. Timestamps ISO.
 */
export async function listSerialsForResponse(
  container: Resolver,
  filters: SerialListFilters,
  page: { skip: number; take: number }
): Promise<{ serials: Serial[]; count: number }> {
  const { rows, count } = await lotService(container).listSerialsWithLots(filters, page)
  return { serials: await decorate(container, rows), count }
}

/** `GET /admin/serials/:id`: the unit with its history, oldest first (404 when it does not exist). */
export async function retrieveSerialForResponse(container: Resolver, id: string): Promise<SerialDetail> {
  const service = lotService(container)
  const [{ serials }, history] = await Promise.all([
    listSerialsForResponse(container, { id: [id] }, { skip: 0, take: 1 }),
    service.listSerialHistory(id),
  ])
  if (!serials.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Serial ${id} was not found`)
  }
  return {
    ...serials[0],
    history: history.map(
      (h): SerialHistoryEntry => ({
        id: h.id,
        type: h.type as SerialHistoryEntry["type"],
        lot_id: h.lot_id,
        lot_number: h.lot_number,
        location_id: h.location_id ?? null,
        reference_type: h.reference_type ?? null,
        reference_id: h.reference_id ?? null,
        order_id: h.order_id ?? null,
        reason: h.reason ?? null,
        actor_id: h.actor_id ?? null,
        created_at: iso(h.created_at)!,
      })
    ),
  }
}

async function decorate(container: Resolver, rows: SerialRows): Promise<Serial[]> {
  if (!rows.length) {
    return []
  }
  const [items, orders] = await Promise.all([
    itemNames(
      container,
      rows.map((r) => r.inventory_item_id)
    ),
    serialOrders(
      container,
      rows.map((r) => r.order_id)
    ),
  ])
  return rows.map((r) => {
    const order = r.order_id ? orders.get(r.order_id) : undefined
    return {
      id: r.id,
      serial_number: r.serial_number,
      inventory_item_id: r.inventory_item_id,
      item_label: items.get(r.inventory_item_id)?.label ?? null,
      lot_id: r.lot_id,
      lot_number: r.lot_number,
      expires_at: r.expires_at ?? null,
      location_id: r.location_id ?? null,
      status: r.status,
      blocked: !!r.blocked,
      order_id: r.order_id ?? null,
      order_display_id: order?.display_id ?? null,
      line_item_id: r.line_item_id ?? null,
      fulfillment_id: r.fulfillment_id ?? null,
      shipped_at: iso(r.shipped_at),
      customer: r.order_id ? (order?.customer ?? null) : null,
      created_at: iso(r.created_at)!,
    }
  })
}
