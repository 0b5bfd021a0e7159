import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../../../../modules/lot_tracking/resolve"
import { upsertTrackingPolicyWorkflow } from "../../../../../workflows/upsert-tracking-policy"
import { assertInventoryItemsExist } from "../../../../../workflows/steps/lookups"
import type { AdminUpsertTrackingPolicyType } from "../validators"
import { answerConflicts } from "../../../../utils/conflict"

async function effectivePolicy(req: AuthenticatedMedusaRequest<any>) {
  const id = req.params.inventory_item_id
  const policies = await lotService(req.scope).resolvePolicies([id])
  return policies.get(id)!
}

/** The item's policy with plugin defaults filled in (`is_default` when the item never chose). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  try {
    await assertInventoryItemsExist(req.scope, [req.params.inventory_item_id])
  } catch {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Inventory item ${req.params.inventory_item_id} was not found`)
  }
  res.json({ policy: await effectivePolicy(req) })
}

export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminUpsertTrackingPolicyType>, res: MedusaResponse) => {
  await upsertTrackingPolicyWorkflow(req.scope).run({
    input: { ...req.validatedBody, inventory_item_id: req.params.inventory_item_id },
  })
  res.json({ policy: await effectivePolicy(req) })
})
