import { z } from "@medusajs/framework/zod"
import { serialPatternProblem } from "../../../../lib/serial-numbers"
import { oneOf, wholeNumber } from "../../../utils/validators"

const days = (field: string) => wholeNumber(field, { min: 0, unit: "days" }).nullable()

export const AdminUpsertTrackingPolicy = z
  .object({
    tracked: z.boolean().optional(),
    strategy: oneOf("strategy", ["fefo", "fifo"] as const).nullable().optional(),
    min_shelf_life_days: days("min_shelf_life_days").optional(),
    expiry_warning_days: days("expiry_warning_days").optional(),
    require_expiry: z.boolean().nullable().optional(),
    serialized: z.boolean({ message: "serialized must be true or false" }).optional(),
    serial_pattern: z
      .string()
      .max(64, { message: "serial_pattern must be at most 64 characters" })
      .superRefine((v, ctx) => {
        const problem = serialPatternProblem(v)
        if (problem) {
          ctx.addIssue({ code: "custom", message: problem })
        }
      })
      .nullable()
      .optional(),
    serial_capture: oneOf("serial_capture", ["required", "auto"] as const).nullable().optional(),
    serial_scope: oneOf("serial_scope", ["item", "global"] as const).nullable().optional(),
  })
  .strict()
export type AdminUpsertTrackingPolicyType = z.infer<typeof AdminUpsertTrackingPolicy>
