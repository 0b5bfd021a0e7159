import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteLotWorkflow } from "../../../../workflows/delete-lot"
import { updateLotWorkflow } from "../../../../workflows/update-lot"
import { retrieveLotForResponse } from "../../../utils/lot-responses"
import type { AdminUpdateLotType } from "../validators"
import { answerConflicts } from "../../../utils/conflict"
import { lotUnitCost } from "../../../../read-models/unit-cost"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ lot: await retrieveLotForResponse(req.scope, req.params.id) })
}

export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminUpdateLotType>, res: MedusaResponse) => {
  // A corrected unit cost is in the store's default currency, checked against its minor unit (400 otherwise).
  const update = { ...req.validatedBody, ...(await lotUnitCost(req.scope, req.validatedBody.unit_cost)) }
  await updateLotWorkflow(req.scope).run({
    input: { id: req.params.id, update, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.json({ lot: await retrieveLotForResponse(req.scope, req.params.id) })
})

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await deleteLotWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json(result)
}
