import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { notifyRecallWorkflow } from "../../../../../workflows/notify-recall"
import { answerConflicts } from "../../../../utils/conflict"

/** Emails the pending notices (each notice once; failed ones are resent one by one); answers the counts. */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await notifyRecallWorkflow(req.scope).run({ input: { recall_id: req.params.id } })
  res.json({ notification: result })
})
