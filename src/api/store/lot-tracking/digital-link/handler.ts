import type { MedusaStoreRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { parseDigitalLinkRequest } from "../../../../lib/digital-link"
import { consumerLotCheck } from "../../../../read-models/digital-link"
import { lotService } from "../../../../modules/lot_tracking/resolve"

/**
 * `GET /store/lot-tracking/digital-link/01/:gtin/10/:lot[/21/:serial][?17=YYMMDD]`:
 * the consumer lot check for a storefront (docs/RECALLS.md), limited to the
 * products of the publishable key's sales channels. A product elsewhere is
 * answered exactly as one that does not exist (404).
 *
 * No query validator in middlewares.ts: Medusa's refuses unknown query keys,
 * and a printed link may carry any GS1 attribute (`15`, `3103`, `linkType`…).
 * `parseDigitalLinkRequest` checks the path and `17`, and ignores the rest.
 */
export async function digitalLinkCheck(req: MedusaStoreRequest, res: MedusaResponse) {
  const params = req.params as { gtin: string; lot: string; serial?: string }
  const today = await lotService(req.scope).today()
  const parsed = parseDigitalLinkRequest({ ...params, query: req.query as Record<string, unknown> }, today)
  if (!parsed.ok) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, parsed.error)
  }
  const check = await consumerLotCheck(req.scope, parsed.link, req.publishable_key_context?.sales_channel_ids ?? [])
  if (!check) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No product with GTIN ${parsed.link.gtin} is sold in this store`)
  }
  res.json(check)
}
