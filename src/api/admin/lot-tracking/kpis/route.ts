import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { computeLotKpis } from "../../../../read-models/lot-kpis"
import type { AdminGetLotKpisParamsType } from "./validators"

/** The five lot KPIs for a period (default: the last 30 days), each with the figures it is computed from. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetLotKpisParamsType>, res: MedusaResponse) => {
  const { period, ...kpis } = await computeLotKpis(req.scope, req.validatedQuery as AdminGetLotKpisParamsType)
  res.json({ period, kpis })
}
