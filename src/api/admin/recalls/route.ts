import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { openRecallWorkflow } from "../../../workflows/open-recall"
import { openSerialRecallWorkflow } from "../../../workflows/open-serial-recall"
import { listRecallsForResponse, retrieveRecallForResponse } from "../../utils/recall-responses"
import type { AdminCreateRecallType, AdminGetRecallsParamsType } from "./validators"
import { answerConflicts } from "../../utils/conflict"

/** Recalls, newest first, with lot and notice counts and the number of open, closed and canceled recalls. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetRecallsParamsType>, res: MedusaResponse) => {
  const { limit, offset, status, q } = req.validatedQuery as AdminGetRecallsParamsType
  const { recalls, count, counts } = await listRecallsForResponse(req.scope, { status, q }, { skip: offset, take: limit })
  res.json({ recalls, count, offset, limit, counts })
}

/** Opens a recall: blocks the lots (or the units, by serial), moves their reservations, lists every affected order. */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminCreateRecallType>, res: MedusaResponse) => {
  const body = req.validatedBody
  if (body.serial_numbers) {
    const { result } = await openSerialRecallWorkflow(req.scope).run({
      input: {
        serial_numbers: body.serial_numbers,
        inventory_item_id: body.inventory_item_id ?? null,
        reason: body.reason,
        public_reason: body.public_reason ?? null,
        classification: body.classification ?? null,
        actor_id: req.auth_context?.actor_id ?? null,
      },
    })
    res.status(201).json(await retrieveRecallForResponse(req.scope, result.id))
    return
  }
  const { result } = await openRecallWorkflow(req.scope).run({
    input: {
      lot_ids: body.lot_ids!,
      reason: body.reason,
      public_reason: body.public_reason ?? null,
      classification: body.classification ?? null,
      scope: body.scope ?? null,
      actor_id: req.auth_context?.actor_id ?? null,
    },
  })
  res.status(201).json(await retrieveRecallForResponse(req.scope, result.id))
})
