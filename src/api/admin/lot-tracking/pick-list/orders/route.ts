import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listPickableOrders } from "../../../../../read-models/pick-list"
import type { AdminGetPickableOrdersParamsType } from "../validators"

/** Open orders with lots reserved and not shipped yet, oldest first: what a pick list can be made of. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetPickableOrdersParamsType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetPickableOrdersParamsType
  const { orders, count } = await listPickableOrders(req.scope, query)
  res.json({ orders, count, offset: query.offset, limit: query.limit })
}
