import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { orderLotsForCustomer } from "../../../../../../utils/order-lots"

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
  res.json({ order_lots: await orderLotsForCustomer(req.scope, req.params.id, customerId) })
}
