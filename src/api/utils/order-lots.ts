import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { OrderLots } from "../../types/http"
import { openRecallsOfLots } from "./public-recalls"

/** An order's lots per line item: what is reserved, what shipped in which fulfilment, what is short. */
export async function orderLotsForResponse(
  container: MedusaContainer,
  orderId: string,
  filters: { customer_id?: string } = {}
): Promise<OrderLots> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "customer_id",
      "items.id",
      "items.title",
      "items.variant_sku",
      "items.quantity",
      "items.detail.quantity",
      "items.variant.inventory_items.inventory_item_id",
      "items.variant.inventory_items.required_quantity",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as any
  if (!order || (filters.customer_id && order.customer_id !== filters.customer_id)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  }
  const service = lotService(container)
  const orders = container.resolve(Modules.ORDER) as any
  const [allocations, shortfalls, claims, exchanges] = await Promise.all([
    service.listLotAllocations({ order_id: orderId, status: ["reserved", "fulfilled"] }, { relations: ["lot"], order: { created_at: "ASC" } }),
    service.listLotShortfalls({ order_id: orderId }),
    orders.listOrderClaims({ order_id: orderId }, { select: ["id", "display_id"], relations: ["additional_items"] }),
    orders.listOrderExchanges({ order_id: orderId }, { select: ["id", "display_id"], relations: ["additional_items"] }),
  ])
  // Outbound items of a claim or an exchange are order lines too: say which case they belong to.
  const sourceOf = new Map<string, { type: "claim" | "exchange"; id: string; display_id: number | null }>()
  for (const [type, list] of [["claim", claims], ["exchange", exchanges]] as const) {
    for (const c of list as any[]) {
      for (const i of c.additional_items ?? []) {
        sourceOf.set(i.item_id, { type, id: c.id, display_id: c.display_id ?? null })
      }
    }
  }
  return {
    order_id: order.id,
    display_id: order.display_id,
    lines: (order.items ?? []).map((item: any) => {
      const mine = allocations.filter((a) => a.line_item_id === item.id)
      const sum = (status: string) => mine.filter((a) => a.status === status).reduce((s, a) => s + a.quantity, 0)
      const quantity = Number(item.quantity ?? item.detail?.quantity ?? 0)
      const parts = (item.variant?.inventory_items ?? []) as { inventory_item_id: string; required_quantity: number }[]
      return {
        line_item_id: item.id,
        title: item.title,
        sku: item.variant_sku ?? null,
        quantity,
        /** "order", or the claim / exchange whose outbound item this line is. */
        source: sourceOf.get(item.id) ?? { type: "order" as const, id: order.id, display_id: order.display_id ?? null },
        /** Inventory units per part (kits: line quantity x required_quantity); the lot figures below are in these units. */
        inventory_items: parts.map((p) => ({
          inventory_item_id: p.inventory_item_id,
          required_quantity: Number(p.required_quantity ?? 1),
          quantity: quantity * Number(p.required_quantity ?? 1),
        })),
        reserved_quantity: sum("reserved"),
        fulfilled_quantity: sum("fulfilled"),
        returned_quantity: mine.reduce((s, a) => s + a.returned_quantity, 0),
        shortfall: shortfalls.filter((s) => s.line_item_id === item.id).reduce((s, x) => s + x.quantity, 0),
        allocations: mine.map((a: any) => ({
          id: a.id,
          lot_id: a.lot.id,
          lot_number: a.lot.lot_number,
          expires_at: a.lot.expires_at,
          lot_status: a.lot.status,
          inventory_item_id: a.inventory_item_id,
          location_id: a.location_id,
          quantity: a.quantity,
          returned_quantity: a.returned_quantity,
          status: a.status,
          source: a.source,
          fulfillment_id: a.fulfillment_id,
          fulfilled_at: a.fulfilled_at,
        })),
      }
    }),
  }
}

/**
 * `GET /store/customers/me/orders/:id/lots`: what the customer received, line
 * by line (shipped lots only: reservations can still change before shipping),
 * and whether a lot is under an open recall. Another customer's order is
 * "not found", like one that does not exist.
 */
export async function orderLotsForCustomer(container: MedusaContainer, orderId: string, customerId: string) {
  const orderLots = await orderLotsForResponse(container, orderId, { customer_id: customerId })
  const lotIds = [...new Set(orderLots.lines.flatMap((l) => l.allocations.map((a) => a.lot_id)))]
  const recalls = await openRecallsOfLots(container, lotIds)
  return {
    order_id: orderLots.order_id,
    display_id: orderLots.display_id,
    lines: orderLots.lines.map((line) => ({
      line_item_id: line.line_item_id,
      title: line.title,
      sku: line.sku,
      quantity: line.quantity,
      fulfilled_quantity: line.fulfilled_quantity,
      returned_quantity: line.returned_quantity,
      lots: line.allocations
        .filter((a) => a.status === "fulfilled")
        .map((a) => ({
          lot_number: a.lot_number,
          expires_at: a.expires_at,
          quantity: a.quantity,
          returned_quantity: a.returned_quantity,
          shipped_at: a.fulfilled_at,
          recall: recalls.get(a.lot_id) ?? null,
        })),
    })),
  }
}
