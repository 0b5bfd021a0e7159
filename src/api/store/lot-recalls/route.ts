import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { openRecallsByLotNumber } from "../../utils/public-recalls"
import type { StoreGetLotRecallsParamsType } from "./validators"

/**
 * Public lookup: is this lot number (as printed on the pack) under an open
 * recall, for which products, and what the merchant tells the public.
 * Nothing about orders or customers.
 */
export const GET = async (req: MedusaRequest<unknown, StoreGetLotRecallsParamsType>, res: MedusaResponse) => {
  const { lot_number } = req.validatedQuery as StoreGetLotRecallsParamsType
  const recalls = await openRecallsByLotNumber(req.scope, lot_number)
  res.json({ lot_number, recalled: recalls.length > 0, recalls })
}
