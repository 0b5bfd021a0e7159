import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setLotStatusWorkflow } from "../../../../../workflows/set-lot-status"
import { retrieveLotForResponse } from "../../../../utils/lot-responses"
import type { AdminLotStatusChangeType } from "../../validators"
import { answerConflicts } from "../../../../utils/conflict"

export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminLotStatusChangeType>, res: MedusaResponse) => {
  await setLotStatusWorkflow(req.scope).run({
    input: {
      lot_id: req.params.id,
      action: "release",
      reason: req.validatedBody?.reason ?? null,
      actor_id: req.auth_context?.actor_id ?? null,
    },
  })
  res.json({ lot: await retrieveLotForResponse(req.scope, req.params.id) })
})
