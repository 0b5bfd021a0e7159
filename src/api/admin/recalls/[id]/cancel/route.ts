import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { cancelRecallWorkflow } from "../../../../../workflows/cancel-recall"
import { retrieveRecallForResponse } from "../../../../utils/recall-responses"
import type { AdminCancelRecallType } from "../../validators"
import { answerConflicts } from "../../../../utils/conflict"

/** Cancels a recall opened by mistake: lots and holds restored, unsent notices void, the record kept with the reason. */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminCancelRecallType>, res: MedusaResponse) => {
  await cancelRecallWorkflow(req.scope).run({
    input: {
      recall_id: req.params.id,
      reason: req.validatedBody.reason,
      actor_id: req.auth_context?.actor_id ?? null,
    },
  })
  res.json(await retrieveRecallForResponse(req.scope, req.params.id))
})
