import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { openRecallsByLotNumber } from "../../utils/public-recalls"
import type { StoreGetLotRecallsParamsType } from "./validators"

/**
 * Public lookup: is this lot number (as printed on the pack) under an open
 * recall, for which products, and what the merchant tells the public.
 * Nothing about orders or customers, and only for products of the caller's
 * sales channels (the publishable key's): another channel's lot answers as
 * not recalled.
 */
export const GET = async (req: MedusaStoreRequest<unknown, StoreGetLotRecallsParamsType>, res: MedusaResponse) => {
  const { lot_number } = req.validatedQuery as StoreGetLotRecallsParamsType
  const recalls = await openRecallsByLotNumber(req.scope, lot_number, {
    sales_channel_ids: req.publishable_key_context?.sales_channel_ids ?? [],
  })
  res.json({ lot_number, recalled: recalls.length > 0, recalls })
}
