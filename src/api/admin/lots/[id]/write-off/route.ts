import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { writeOffLotStockWorkflow } from "../../../../../workflows/write-off-lot-stock"
import { retrieveLotForResponse } from "../../../../utils/lot-responses"
import type { AdminWriteOffLotStockType } from "../../validators"
import { answerConflicts } from "../../../../utils/conflict"

export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminWriteOffLotStockType>, res: MedusaResponse) => {
  const { result: movements } = await writeOffLotStockWorkflow(req.scope).run({
    input: { ...req.validatedBody, lot_id: req.params.id, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.json({ lot: await retrieveLotForResponse(req.scope, req.params.id), movements })
})
