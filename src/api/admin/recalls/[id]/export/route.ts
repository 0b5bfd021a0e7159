import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../../../../modules/lot_tracking/resolve"
import { listShipments } from "../../../../utils/trace-query"
import { noticesByOrder } from "../../../../utils/trace-recalls"
import { sendCsv, shipmentsCsv } from "../../../../utils/trace-csv"

/**
 * The recall as a CSV for regulators: every shipment of its lots with the
 * FSMA 204 shipping data elements and the customer's contact, plus the
 * recall reference and each order's notice status.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const [recall] = await lotService(req.scope).listRecalls({ id: req.params.id }, { relations: ["lots"] })
  if (!recall) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${req.params.id} was not found`)
  }
  const lotIds = (recall.lots ?? []).map((l: any) => l.lot_id)
  const [shipments, notices] = await Promise.all([listShipments(req.scope, lotIds), noticesByOrder(req.scope, recall.id)])
  const csv = shipmentsCsv(shipments, {
    columns: ["Recall Reference", "Recall Classification", "Notice Status", "Notified At (UTC)"],
    cells: (s) => {
      const notice = notices.get(s.order.id)
      return [
        recall.reference,
        recall.classification ?? null,
        notice?.status ?? null,
        notice?.notified_at ? new Date(notice.notified_at as any).toISOString().slice(0, 19).replace("T", " ") : null,
      ]
    },
  })
  sendCsv(res, `recall-${recall.reference}.csv`, csv)
}
