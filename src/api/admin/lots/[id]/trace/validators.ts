import { z } from "@medusajs/framework/zod"
import { oneOf, pagination } from "../../../../utils/validators"

export const AdminGetLotTraceParams = z
  .object({
    format: oneOf("format", ["json", "csv"] as const).optional(),
    ...pagination({ limit: 50, maxLimit: 1000 }),
  })
  .strict()
export type AdminGetLotTraceParamsType = z.infer<typeof AdminGetLotTraceParams>
