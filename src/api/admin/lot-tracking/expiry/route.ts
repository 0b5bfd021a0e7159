import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { expiryLotsForResponse } from "../../../utils/expiry-responses"
import type { AdminGetExpiryParamsType } from "./validators"

/**
 * The admin's Expiry page: lots of tracked items with stock on hand that are
 * expired, or expire within `days` (else each item's warning window), soonest
 * first, with units per location and whether they were announced.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetExpiryParamsType>, res: MedusaResponse) => {
  res.json(await expiryLotsForResponse(req.scope, req.validatedQuery as AdminGetExpiryParamsType))
}
