import { z } from "@medusajs/framework/zod"
import { oneOf, wholeNumber } from "../../../utils/validators"

const days = (field: string) => wholeNumber(field, { min: 0, unit: "days" }).nullable()

export const AdminUpsertTrackingPolicy = z
  .object({
    tracked: z.boolean().optional(),
    strategy: oneOf("strategy", ["fefo", "fifo"] as const).nullable().optional(),
    min_shelf_life_days: days("min_shelf_life_days").optional(),
    expiry_warning_days: days("expiry_warning_days").optional(),
    require_expiry: z.boolean().nullable().optional(),
  })
  .strict()
export type AdminUpsertTrackingPolicyType = z.infer<typeof AdminUpsertTrackingPolicy>
