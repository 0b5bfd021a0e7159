import { z } from "@medusajs/framework/zod"
import { oneOf } from "../../../../utils/validators"
import { queryNumber } from "../../../../utils/trace-validators"

export const AdminGetLotTraceParams = z
  .object({
    format: oneOf("format", ["json", "csv"] as const).optional(),
    limit: queryNumber("limit", { min: 1, max: 1000, fallback: 50 }),
    offset: queryNumber("offset", { min: 0, max: 1_000_000_000, fallback: 0 }),
  })
  .strict()
export type AdminGetLotTraceParamsType = z.infer<typeof AdminGetLotTraceParams>
