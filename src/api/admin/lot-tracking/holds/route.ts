import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listLotHolds } from "../../../utils/lot-holds"
import type { AdminGetLotHoldsParamsType } from "./validators"

/**
 * The units lot tracking holds back from sale for these inventory items: one
 * entry per (item, location) with a hold reservation, with the lots that
 * explain it (quarantined, recalled, expired, short shelf life).
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetLotHoldsParamsType>, res: MedusaResponse) => {
  const { inventory_item_id } = req.validatedQuery as AdminGetLotHoldsParamsType
  const holds = await listLotHolds(req.scope, inventory_item_id ?? [])
  res.json({ holds })
}
