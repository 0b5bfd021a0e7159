import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { readPackingSlip } from "../../../../read-models/packing-slip"
import type { AdminGetPackingSlipParamsType } from "./validators"

/**
 * A packing slip with the lot numbers and expiry dates per line: of one
 * fulfilment (the lots shipped in it), or of the whole order (lots shipped,
 * and for units not shipped yet the lots reserved for them, marked).
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetPackingSlipParamsType>, res: MedusaResponse) => {
  const { order_id, fulfillment_id } = req.validatedQuery as AdminGetPackingSlipParamsType
  const packing_slip = await readPackingSlip(req.scope, fulfillment_id ? { fulfillment_id } : { order_id: order_id! })
  res.json({ packing_slip })
}
