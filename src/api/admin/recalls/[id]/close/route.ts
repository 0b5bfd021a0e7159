import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { closeRecallWorkflow } from "../../../../../workflows/close-recall"
import { retrieveRecallForResponse } from "../../../../utils/recall-responses"
import type { AdminCloseRecallType } from "../../validators"
import { answerConflicts } from "../../../../utils/conflict"

/** Closes the recall with an outcome computed from the data (plus units reported destroyed). */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminCloseRecallType>, res: MedusaResponse) => {
  await closeRecallWorkflow(req.scope).run({
    input: {
      recall_id: req.params.id,
      actor_id: req.auth_context?.actor_id ?? null,
      outcome: req.validatedBody?.outcome ?? null,
    },
  })
  res.json(await retrieveRecallForResponse(req.scope, req.params.id))
})
