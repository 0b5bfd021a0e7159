import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { upsertTrackingPolicyWorkflow } from "../../../../../workflows/upsert-tracking-policy"
import { policyForResponse, retrievePolicyForResponse } from "../../../../utils/policy-responses"
import type { AdminUpsertTrackingPolicyType } from "../validators"
import { answerConflicts } from "../../../../utils/conflict"

/** The item's policy with plugin defaults filled in (`is_default` when the item never chose). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ policy: await retrievePolicyForResponse(req.scope, req.params.inventory_item_id) })
}

export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminUpsertTrackingPolicyType>, res: MedusaResponse) => {
  await upsertTrackingPolicyWorkflow(req.scope).run({
    input: { ...req.validatedBody, inventory_item_id: req.params.inventory_item_id },
  })
  res.json({ policy: await policyForResponse(req.scope, req.params.inventory_item_id) })
})
