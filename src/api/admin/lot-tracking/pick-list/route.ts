import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { readPickList } from "../../../../read-models/pick-list"
import type { AdminGetPickListParamsType } from "./validators"

/**
 * What to pick for these orders: per order line, the lots reserved and not
 * shipped yet with their expiry, location and bin, sorted for one walk
 * through the warehouse; units still waiting for stock listed apart.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetPickListParamsType>, res: MedusaResponse) => {
  const { order_id } = req.validatedQuery as AdminGetPickListParamsType
  res.json({ pick_list: await readPickList(req.scope, order_id ?? []) })
}
