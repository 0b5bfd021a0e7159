import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listUnassignedStock } from "../../../../read-models/unassigned-stock"
import type { AdminGetUnassignedParamsType } from "./validators"

/**
 * `GET /admin/lot-tracking/unassigned`: per item and location, the units
 * Medusa counts that no lot holds (where positive). Items whose policy says
 * `tracked: false` are left out.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetUnassignedParamsType>, res: MedusaResponse) => {
  const { limit, offset, ...filters } = req.validatedQuery as AdminGetUnassignedParamsType
  const { unassigned, count } = await listUnassignedStock(req.scope, filters, { limit, offset })
  res.json({ unassigned, count, offset, limit })
}
