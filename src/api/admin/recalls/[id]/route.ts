import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveRecallForResponse } from "../../../utils/recall-responses"
import type { AdminGetRecallParamsType } from "../validators"

/** The recall with its lots and totals, and a page of its notices (affected orders and customers). */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetRecallParamsType>, res: MedusaResponse) => {
  const { limit, offset, notice_status } = req.validatedQuery as AdminGetRecallParamsType
  res.json(await retrieveRecallForResponse(req.scope, req.params.id, { skip: offset, take: limit, status: notice_status }))
}
