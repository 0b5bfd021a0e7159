import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveLotImport } from "../answer"

/** An import: its preview, then the apply's progress (`processed` of `total`) and outcome. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ import: await retrieveLotImport(req.scope, req.params.id) })
}
