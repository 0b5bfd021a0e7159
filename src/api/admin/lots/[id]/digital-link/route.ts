import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import QRCode from "qrcode"
import { lotDigitalLink } from "../../../../../read-models/digital-link"
import { answerConflicts } from "../../../../utils/conflict"

/**
 * `GET /admin/lots/:id/digital-link`: the lot's GS1 Digital Link, pointing at
 * the plugin's page (`{public_url}/lot/01/{gtin}/10/{lot}`), and its QR code
 * as SVG for a label. 409 when the item's variant has no GTIN, answered with
 * why (`answerConflicts`: Medusa's handler would give a generic text).
 */
export const GET = answerConflicts(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const link = await lotDigitalLink(req.scope, req.params.id)
  // Level M (15 % of the code may be damaged), the usual choice for a pack label; a 2-module quiet zone.
  const svg = await QRCode.toString(link.url, { type: "svg", errorCorrectionLevel: "M", margin: 2 })
  res.json({ ...link, svg })
})
