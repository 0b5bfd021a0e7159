import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { openLotBalanceWorkflow } from "../../../../workflows/open-lot-balance"
import { pairStock } from "../../../../read-models/unassigned-stock"
import { listLotsForResponse } from "../../../utils/lot-responses"
import { answerConflicts } from "../../../utils/conflict"
import type { AdminOpeningBalanceType } from "./validators"

/**
 * `POST /admin/lot-tracking/opening-balance`: units Medusa already counts at
 * a location go into lots, Medusa's level untouched (docs/ONBOARDING.md).
 * Answers the lots (as `GET /admin/lots/:id`) and what is left unassigned there.
 */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminOpeningBalanceType>, res: MedusaResponse) => {
  const { result } = await openLotBalanceWorkflow(req.scope).run({
    input: { ...req.validatedBody, actor_id: req.auth_context?.actor_id ?? null },
  })
  const ids = [...new Set(result.lot_ids)]
  const { lots } = await listLotsForResponse(req.scope, { id: ids }, { skip: 0, take: ids.length })
  const byId = new Map(lots.map((l) => [l.id, l]))
  const left = await pairStock(req.scope, result.inventory_item_id, result.location_id)
  res.json({
    lots: ids.map((id) => byId.get(id)).filter(Boolean),
    unassigned: [{ inventory_item_id: result.inventory_item_id, location_id: result.location_id, quantity: left.unassigned }],
    held_by_recall: result.held_by_recall,
  })
})
