import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { confirmLotImportWorkflow } from "../../../../../../workflows/confirm-lot-import"
import { answerConflicts } from "../../../../../utils/conflict"
import { retrieveLotImport } from "../../answer"

/** Applies a previewed import in the background: 202 with the import `running`; poll `GET .../imports/:id`. */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await confirmLotImportWorkflow(req.scope).run({
    input: { import_id: req.params.id, actor_id: req.auth_context?.actor_id ?? null },
  })
  res.status(202).json({ import: await retrieveLotImport(req.scope, req.params.id) })
})
