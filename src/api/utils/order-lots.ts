import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { lotService } from "../../modules/lot_tracking/resolve"

/** An order's lots per line item: what is reserved, what shipped in which fulfilment, what is short. */
export async function orderLotsForResponse(container: MedusaContainer, orderId: string, filters: { customer_id?: string } = {}) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "customer_id", "items.id", "items.title", "items.variant_sku", "items.quantity", "items.detail.quantity"],
    filters: { id: orderId },
  })
  const order = data[0] as any
  if (!order || (filters.customer_id && order.customer_id !== filters.customer_id)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  }
  const service = lotService(container)
  const [allocations, shortfalls] = await Promise.all([
    service.listLotAllocations({ order_id: orderId, status: ["reserved", "fulfilled"] }, { relations: ["lot"], order: { created_at: "ASC" } }),
    service.listLotShortfalls({ order_id: orderId }),
  ])
  return {
    order_id: order.id,
    display_id: order.display_id,
    lines: (order.items ?? []).map((item: any) => {
      const mine = allocations.filter((a) => a.line_item_id === item.id)
      const sum = (status: string) => mine.filter((a) => a.status === status).reduce((s, a) => s + a.quantity, 0)
      return {
        line_item_id: item.id,
        title: item.title,
        sku: item.variant_sku ?? null,
        quantity: Number(item.quantity ?? item.detail?.quantity ?? 0),
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
