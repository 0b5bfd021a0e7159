import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { lotService } from "../../../../../modules/lot_tracking/resolve"
import { listReceipts, listShipments, lotHeader } from "../../../../../read-models/shipments"
import { sendCsv, shipmentsCsv } from "../../../../utils/shipments-csv"
import type { AdminGetLotTraceParamsType } from "./validators"

/**
 * Forward trace: every shipment of the lot (order, customer, ship-to as
 * shipped, quantity, fulfilment, dates, location shipped from, returned
 * units), one page at a time with totals over all of them; `?format=csv`
 * downloads all of them (FSMA 204 shipping data elements). Backward trace:
 * where the lot came from (supplier, origin, receipts from the ledger).
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetLotTraceParamsType>, res: MedusaResponse) => {
  const { format, limit, offset } = req.validatedQuery as AdminGetLotTraceParamsType

  if (format === "csv") {
    const lot = await lotHeader(req.scope, req.params.id)
    const shipments = await listShipments(req.scope, [lot.id])
    const day = new Date().toISOString().slice(0, 10)
    // Ship dates as the merchant's days (the plugin's time zone).
    const { time_zone } = await lotService(req.scope).getOptions()
    return sendCsv(res, `lot-${lot.lot_number}-trace-${day}.csv`, shipmentsCsv(shipments, null, time_zone))
  }

  // All four reads at once: an unknown lot still answers 404 (from the header), the others then find nothing.
  const [lot, summary, shipments, receipts] = await Promise.all([
    lotHeader(req.scope, req.params.id),
    lotService(req.scope).summarizeShipments([req.params.id]),
    listShipments(req.scope, [req.params.id], { limit, offset }),
    listReceipts(req.scope, req.params.id),
  ])
  res.json({
    lot,
    origin: {
      supplier: lot.supplier,
      origin: lot.origin,
      manufactured_at: lot.manufactured_at,
      received_at: lot.received_at,
      receipts,
    },
    summary,
    shipments,
    count: summary.shipments,
    offset,
    limit,
  })
}
