import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveSerialForResponse } from "../../../utils/serial-responses"

/** One unit, where it is or who has it, with its history oldest first. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ serial: await retrieveSerialForResponse(req.scope, req.params.id) })
}
