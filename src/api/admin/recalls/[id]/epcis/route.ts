import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../../../../modules/lot_tracking/resolve"
import { epcisEvents } from "../../../../../read-models/epcis-events"
import { epcisFileName } from "../../../../../lib/epcis"
import type { RecallScope } from "../../../../../lib/recall"
import { sendEpcis } from "../../../lots/[id]/epcis/send-epcis"
import type { AdminGetEpcisParamsType } from "../../../lots/[id]/epcis/validators"

/**
 * A recall as an EPCIS 2.0 document: the history of its lots (a recall by
 * serial: the lots of its units), its own recall events, and the shipments
 * within its scope (locations, ship dates; by serial: the shipments that
 * carried its units). Same mapping and streaming as a lot's export.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetEpcisParamsType>, res: MedusaResponse) => {
  const { from, to } = req.validatedQuery as AdminGetEpcisParamsType
  const service = lotService(req.scope)
  const [recall] = await service.listRecalls({ id: req.params.id }, { relations: ["lots", "serials"] })
  if (!recall) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${req.params.id} was not found`)
  }
  const serials = ((recall as any).serials ?? []) as { lot_id: string }[]
  const lotIds = [...new Set([...(recall.lots ?? []).map((l: any) => l.lot_id as string), ...serials.map((s) => s.lot_id)])]
  const options = await service.getOptions()
  await sendEpcis(
    req,
    res,
    epcisFileName("recall", recall.reference),
    epcisEvents(
      req.scope,
      {
        lot_ids: lotIds,
        recall: {
          id: recall.id,
          scope: ((recall as any).scope ?? null) as RecallScope | null,
          by_serial: serials.length > 0,
          opened_at: recall.opened_at,
        },
        from,
        to,
      },
      options
    )
  )
}
