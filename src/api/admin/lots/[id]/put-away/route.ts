import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { putAwayLotStockWorkflow } from "../../../../../workflows/put-away-lot-stock"
import { retrieveLotForResponse } from "../../../../utils/lot-responses"
import type { AdminPutAwayLotStockType } from "../../validators"
import { answerConflicts } from "../../../../utils/conflict"

/** `POST /admin/lots/:id/put-away` `{ location_id, bin }`: the lot's units there now sit in `bin` (null: none). */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminPutAwayLotStockType>, res: MedusaResponse) => {
  await putAwayLotStockWorkflow(req.scope).run({
    input: { ...req.validatedBody, lot_id: req.params.id, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.json({ lot: await retrieveLotForResponse(req.scope, req.params.id) })
})
