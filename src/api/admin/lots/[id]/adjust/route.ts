import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adjustLotStockWorkflow } from "../../../../../workflows/adjust-lot-stock"
import { retrieveLotForResponse } from "../../../../utils/lot-responses"
import type { AdminAdjustLotStockType } from "../../validators"
import { answerConflicts } from "../../../../utils/conflict"

export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminAdjustLotStockType>, res: MedusaResponse) => {
  const { result } = await adjustLotStockWorkflow(req.scope).run({
    input: { ...req.validatedBody, lot_id: req.params.id, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.json({ lot: await retrieveLotForResponse(req.scope, req.params.id), count: result.count, movements: result.movements })
})
