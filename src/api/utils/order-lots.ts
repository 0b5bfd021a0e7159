import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { OrderLotLine, OrderLots } from "../../types/http"
import { openRecallsOfLots, openRecallsOfSerials } from "./public-recalls"

/** The most serials an order's lots list (an order of more units is not one a page shows unit by unit). */
const ORDER_SERIALS_MAX = 100_000

type LineSerial = NonNullable<OrderLotLine["serials"]>[number] & { allocation_id: string | null }

/**
 * An order's lots per line item: what is reserved, what shipped in which
 * fulfilment, what is short; for a line of a serialized item, `serials`: the
 * units reserved for it, shipped to it, or back from it damaged (empty until
 * serials are chosen or shipped).
 */
export async function orderLotsForResponse(
  container: MedusaContainer,
  orderId: string,
  filters: { customer_id?: string } = {}
): Promise<OrderLots> {
  return (await readOrderLots(container, orderId, filters)).orderLots
}

/** The order's lots, and each line's serials with the allocation they left on (the store groups them by lot). */
async function readOrderLots(
  container: MedusaContainer,
  orderId: string,
  filters: { customer_id?: string }
): Promise<{ orderLots: OrderLots; serialsByLine: Map<string, LineSerial[]> }> {
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
  const itemIds = [
    ...new Set<string>((order.items ?? []).flatMap((i: any) => (i.variant?.inventory_items ?? []).map((p: any) => p.inventory_item_id))),
  ].filter(Boolean)
  const [allocations, shortfalls, claims, exchanges, policies, serials] = await Promise.all([
    service.listLotAllocations({ order_id: orderId, status: ["reserved", "fulfilled"] }, { relations: ["lot"], order: { created_at: "ASC" } }),
    service.listLotShortfalls({ order_id: orderId }),
    orders.listOrderClaims({ order_id: orderId }, { select: ["id", "display_id"], relations: ["additional_items"] }),
    orders.listOrderExchanges({ order_id: orderId }, { select: ["id", "display_id"], relations: ["additional_items"] }),
    service.resolvePolicies(itemIds),
    service.listSerialsWithLots({ order_id: [orderId], status: ["reserved", "shipped", "returned"] }, { skip: 0, take: ORDER_SERIALS_MAX }),
  ])
  const serialsByLine = new Map<string, LineSerial[]>()
  for (const r of serials.rows) {
    if (r.line_item_id) {
      serialsByLine.set(r.line_item_id, [
        ...(serialsByLine.get(r.line_item_id) ?? []),
        {
          serial_number: r.serial_number,
          lot_id: r.lot_id,
          lot_number: r.lot_number,
          status: r.status,
          inventory_item_id: r.inventory_item_id,
          allocation_id: r.allocation_id ?? null,
        },
      ])
    }
  }
  // Outbound items of a claim or an exchange are order lines too: say which case they belong to.
  const sourceOf = new Map<string, { type: "claim" | "exchange"; id: string; display_id: number | null }>()
  for (const [type, list] of [["claim", claims], ["exchange", exchanges]] as const) {
    for (const c of list as any[]) {
      for (const i of c.additional_items ?? []) {
        sourceOf.set(i.item_id, { type, id: c.id, display_id: c.display_id ?? null })
      }
    }
  }
  const orderLots: OrderLots = {
    order_id: order.id,
    display_id: order.display_id,
    lines: (order.items ?? []).map((item: any): OrderLotLine => {
      const mine = allocations.filter((a) => a.line_item_id === item.id)
      const sum = (status: string) => mine.filter((a) => a.status === status).reduce((s, a) => s + a.quantity, 0)
      const quantity = Number(item.quantity ?? item.detail?.quantity ?? 0)
      const parts = (item.variant?.inventory_items ?? []) as { inventory_item_id: string; required_quantity: number }[]
      const lineSerials = serialsByLine.get(item.id)
      const serialized = !!lineSerials || parts.some((p) => policies.get(p.inventory_item_id)?.serialized)
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
        // Only for serialized items, so an order of items without serials reads as before.
        ...(serialized ? { serials: (lineSerials ?? []).map(({ allocation_id: _, ...unit }) => unit) } : {}),
      }
    }),
  }
  return { orderLots, serialsByLine }
}

/**
 * `GET /store/customers/me/orders/:id/lots`: what the customer received, line
 * by line (shipped lots only: reservations can still change before shipping),
 * and whether a lot is under an open recall. For a serialized item, the line
 * and each of its lots list `serial_numbers`: the customer's units, shipped
 * (or sent back damaged), never the ones only reserved. Another customer's
 * order is "not found", like one that does not exist.
 */
export async function orderLotsForCustomer(container: MedusaContainer, orderId: string, customerId: string) {
  const { orderLots, serialsByLine } = await readOrderLots(container, orderId, { customer_id: customerId })
  const lotIds = [...new Set(orderLots.lines.flatMap((l) => l.allocations.map((a) => a.lot_id)))]
  const serialNumbers = [...serialsByLine.values()].flat().filter((u) => u.status !== "reserved").map((u) => u.serial_number)
  const [recalls, serialRecalls] = await Promise.all([
    openRecallsOfLots(container, lotIds),
    openRecallsOfSerials(container, serialNumbers, lotIds),
  ])
  return {
    order_id: orderLots.order_id,
    display_id: orderLots.display_id,
    lines: orderLots.lines.map((line) => {
      const received = line.serials ? (serialsByLine.get(line.line_item_id) ?? []).filter((u) => u.status !== "reserved") : null
      const numbers = (units: LineSerial[]) => units.map((u) => u.serial_number)
      return {
        line_item_id: line.line_item_id,
        title: line.title,
        sku: line.sku,
        quantity: line.quantity,
        fulfilled_quantity: line.fulfilled_quantity,
        returned_quantity: line.returned_quantity,
        ...(received ? { serial_numbers: numbers(received) } : {}),
        lots: line.allocations
          .filter((a) => a.status === "fulfilled")
          .map((a) => {
            const units = received ? numbers(received.filter((u) => u.allocation_id === a.id)) : null
            // A recall by serial concerns the customer's units it names, not the whole lot.
            const recalledUnits = (units ?? []).filter((n) => serialRecalls.has(n))
            return {
              lot_number: a.lot_number,
              expires_at: a.expires_at,
              quantity: a.quantity,
              returned_quantity: a.returned_quantity,
              shipped_at: a.fulfilled_at,
              recall: recalls.get(a.lot_id) ?? (recalledUnits.length ? serialRecalls.get(recalledUnits[0])! : null),
              ...(units ? { serial_numbers: units } : {}),
              ...(recalledUnits.length ? { recalled_serial_numbers: recalledUnits } : {}),
            }
          }),
      }
    }),
  }
}
