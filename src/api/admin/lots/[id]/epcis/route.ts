import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../../../../modules/lot_tracking/resolve"
import { epcisEvents } from "../../../../../read-models/epcis-events"
import { epcisFileName } from "../../../../../lib/epcis"
import { sendEpcis } from "./send-epcis"
import type { AdminGetEpcisParamsType } from "./validators"

/**
 * The lot's history as an EPCIS 2.0 JSON-LD document (GS1's event standard,
 * what FSMA 204 traceability requests and retailers' supplier APIs take):
 * receipts, transfers, shipments to customers, returns, write-offs and
 * recalls, streamed. docs/RECALLS.md "EPCIS 2.0 export" is the mapping.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetEpcisParamsType>, res: MedusaResponse) => {
  const { from, to } = req.validatedQuery as AdminGetEpcisParamsType
  const service = lotService(req.scope)
  const [lot] = await service.listLots({ id: req.params.id }, { select: ["id", "lot_number"] })
  if (!lot) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${req.params.id} was not found`)
  }
  const options = await service.getOptions()
  await sendEpcis(req, res, epcisFileName("lot", lot.lot_number), epcisEvents(req.scope, { lot_ids: [lot.id], from, to }, options))
}
