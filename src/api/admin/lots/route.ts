import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createLotWorkflow } from "../../../workflows/create-lot"
import { listLotsForResponse, retrieveLotForResponse } from "../../utils/lot-responses"
import type { AdminCreateLotType, AdminGetLotsParamsType } from "./validators"
import { answerConflicts } from "../../utils/conflict"

export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetLotsParamsType>, res: MedusaResponse) => {
  const { limit, offset, order, ...filters } = req.validatedQuery as AdminGetLotsParamsType
  const { lots, count } = await listLotsForResponse(req.scope, filters, { skip: offset, take: limit, order })
  res.json({ lots, count, offset, limit })
}

export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminCreateLotType>, res: MedusaResponse) => {
  const { result } = await createLotWorkflow(req.scope).run({
    input: { lot: req.validatedBody, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.status(201).json({
    lot: await retrieveLotForResponse(req.scope, result.id),
    serial_numbers: result.serial_numbers,
    // Quarantined on arrival: its code matches a lot under an open recall (docs/RECALLS.md).
    held_by_recall: result.held_by_recall,
  })
})
