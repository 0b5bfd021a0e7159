import { z } from "@medusajs/framework/zod"
import { requiredText } from "../../utils/validators"

export const StoreGetLotRecallsParams = z.object({ lot_number: requiredText("lot_number", 64) }).strict()
export type StoreGetLotRecallsParamsType = z.infer<typeof StoreGetLotRecallsParams>
