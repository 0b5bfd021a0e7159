import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../../../../modules/lot_tracking/resolve"
import { shipmentInScope, type RecallScope } from "../../../../../lib/recall"
import { listShipments } from "../../../../../read-models/shipments"
import { listShipmentsOfSerials } from "../../../../../read-models/serial-shipments"
import { recallShipmentsCsv, sendCsv } from "../../../../utils/shipments-csv"

/**
 * The recall as a CSV for regulators: every shipment of its lots (a recall by
 * serial: of its units) with the
 * FSMA 204 shipping data elements and the customer's contact, plus the
 * recall reference and each order's notice status. A scoped recall exports
 * the shipments in its scope; ship dates are the merchant's days (the
 * plugin's time zone).
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service = lotService(req.scope)
  const [recall] = await service.listRecalls({ id: req.params.id }, { relations: ["lots", "serials"] })
  if (!recall) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${req.params.id} was not found`)
  }
  const lotIds = (recall.lots ?? []).map((l: any) => l.lot_id)
  // A recall by serial exports the shipments of its units only.
  const serialIds = ((recall as any).serials ?? []).map((s: any) => s.serial_id)
  const [all, notices, { time_zone }] = await Promise.all([
    serialIds.length ? listShipmentsOfSerials(req.scope, serialIds) : listShipments(req.scope, lotIds),
    service.noticeStatusByOrder(recall.id),
    service.getOptions(),
  ])
  const scope = (recall.scope ?? null) as RecallScope | null
  const shipments = scope ? all.filter((s) => shipmentInScope(s, scope, time_zone)) : all
  sendCsv(res, `recall-${recall.reference}.csv`, recallShipmentsCsv(recall, shipments, notices, time_zone))
}
