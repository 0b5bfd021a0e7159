import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { getLotOrThrow } from "../../../../../workflows/steps/lookups"
import { lotService } from "../../../../../modules/lot_tracking/resolve"
import type { AdminGetLotMovementsParamsType } from "../../validators"

/** The lot's ledger, newest first: the backward trace and the audit trail. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetLotMovementsParamsType>, res: MedusaResponse) => {
  const { limit, offset, type, location_id } = req.validatedQuery as AdminGetLotMovementsParamsType
  await getLotOrThrow(req.scope, req.params.id)
  const [movements, count] = await lotService(req.scope).listAndCountLotMovements(
    {
      lot_id: req.params.id,
      ...(type?.length ? { type: type as any } : {}),
      ...(location_id?.length ? { location_id } : {}),
    },
    { skip: offset, take: limit, order: { created_at: "DESC", id: "DESC" } }
  )
  res.json({ movements, count, offset, limit })
}
