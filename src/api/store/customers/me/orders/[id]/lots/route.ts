import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { orderLotsForResponse } from "../../../../../../utils/order-lots"
import { openRecallsOfLots } from "../../../../../../utils/trace-store"

/**
 * The lots the logged-in customer received in one of their orders (and
 * whether one of them is under an open recall). Another customer's order,
 * or a guest order, is "not found": its existence is not revealed.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const customerId = req.auth_context?.actor_id
  if (!customerId || req.auth_context?.actor_type !== "customer") {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Log in as a customer to see the lots of your orders")
  }
  const orderLots = await orderLotsForResponse(req.scope, req.params.id, { customer_id: customerId })
  const lotIds = [...new Set(orderLots.lines.flatMap((l: any) => l.allocations.map((a: any) => a.lot_id)))] as string[]
  const recalls = await openRecallsOfLots(req.scope, lotIds)
  res.json({
    order_lots: {
      order_id: orderLots.order_id,
      display_id: orderLots.display_id,
      lines: orderLots.lines.map((line: any) => ({
        line_item_id: line.line_item_id,
        title: line.title,
        sku: line.sku,
        quantity: line.quantity,
        fulfilled_quantity: line.fulfilled_quantity,
        returned_quantity: line.returned_quantity,
        // What the customer received: shipped lots only (reservations can still change before shipping).
        lots: line.allocations
          .filter((a: any) => a.status === "fulfilled")
          .map((a: any) => ({
            lot_number: a.lot_number,
            expires_at: a.expires_at,
            quantity: a.quantity,
            returned_quantity: a.returned_quantity,
            shipped_at: a.fulfilled_at,
            recall: recalls.get(a.lot_id) ?? null,
          })),
      })),
    },
  })
}
