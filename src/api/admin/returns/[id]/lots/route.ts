import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { assignReturnLotsWorkflow } from "../../../../../workflows/assign-return-lots"
import { returnLotsForResponse } from "../../../../utils/return-lots"
import type { AdminAssignReturnLotsType } from "../../validators"
import { answerConflicts } from "../../../../utils/conflict"

/** Per returned line and inventory item: the lots it shipped from, what came back, lots named, units awaiting their lot. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ return_lots: await returnLotsForResponse(req.scope, req.params.id) })
}

/**
 * Name the lots of returned units: for the receipt in progress (used when it
 * is confirmed), or, when units await lot confirmation, confirm them now.
 */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminAssignReturnLotsType>, res: MedusaResponse) => {
  const { result } = await assignReturnLotsWorkflow(req.scope).run({
    input: { return_id: req.params.id, lots: req.validatedBody.lots, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.json({ mode: result.mode, return_lots: await returnLotsForResponse(req.scope, req.params.id) })
})
