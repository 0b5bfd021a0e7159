import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listLotMovementsForResponse } from "../../../../utils/lot-responses"
import type { AdminGetLotMovementsParamsType } from "../../validators"

/** The lot's ledger, newest first: the backward trace and the audit trail. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetLotMovementsParamsType>, res: MedusaResponse) => {
  res.json(await listLotMovementsForResponse(req.scope, req.params.id, req.validatedQuery as AdminGetLotMovementsParamsType))
}
