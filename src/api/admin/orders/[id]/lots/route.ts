import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { assignOrderLotsWorkflow } from "../../../../../workflows/assign-order-lots"
import { orderLotsForResponse } from "../../../../utils/order-lots"
import type { AdminAssignOrderLotsType } from "../../validators"
import { answerConflicts } from "../../../../utils/conflict"

/** Per line: lots reserved and shipped, and any shortfall. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ order_lots: await orderLotsForResponse(req.scope, req.params.id) })
}

/** Choose the lots of one line before fulfilment. */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminAssignOrderLotsType>, res: MedusaResponse) => {
  await assignOrderLotsWorkflow(req.scope).run({
    input: { ...req.validatedBody, order_id: req.params.id, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.json({ order_lots: await orderLotsForResponse(req.scope, req.params.id) })
})
