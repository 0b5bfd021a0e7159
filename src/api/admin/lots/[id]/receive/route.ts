import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { receiveLotStockWorkflow } from "../../../../../workflows/receive-lot-stock"
import { retrieveLotForResponse } from "../../../../utils/lot-responses"
import type { AdminReceiveLotStockType } from "../../validators"
import { answerConflicts } from "../../../../utils/conflict"

export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminReceiveLotStockType>, res: MedusaResponse) => {
  const { result } = await receiveLotStockWorkflow(req.scope).run({
    input: { ...req.validatedBody, lot_id: req.params.id, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.json({ lot: await retrieveLotForResponse(req.scope, req.params.id), ...result })
})
