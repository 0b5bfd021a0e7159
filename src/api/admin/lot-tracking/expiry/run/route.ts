import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { expiryWatchWorkflow } from "../../../../../workflows/expiry-watch"
import type { AdminRunExpiryWatchType } from "../validators"
import { answerConflicts } from "../../../../utils/conflict"

/** Runs the daily expiry watch now (it announces nothing twice, so running it again is safe). */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminRunExpiryWatchType>, res: MedusaResponse) => {
  const { result } = await expiryWatchWorkflow(req.scope).run({
    input: { actor_id: req.auth_context?.actor_id ?? null },
  })
  res.json({ expiry_watch: result })
})
