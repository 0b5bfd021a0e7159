import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listSerialsForResponse } from "../../utils/serial-responses"
import type { AdminGetSerialsParamsType } from "./validators"

/** Units by number (exact or prefix), item, lot, location, status or order: who has which unit. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetSerialsParamsType>, res: MedusaResponse) => {
  const { limit, offset, ...filters } = req.validatedQuery as AdminGetSerialsParamsType
  const { serials, count } = await listSerialsForResponse(req.scope, filters, { skip: offset, take: limit })
  res.json({ serials, count, offset, limit })
}
