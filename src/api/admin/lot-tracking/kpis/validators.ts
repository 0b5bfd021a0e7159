import { z } from "@medusajs/framework/zod"
import { calendarDate } from "../../../utils/validators"

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD`: calendar days in the plugin's time zone, both included. */
export const AdminGetLotKpisParams = z
  .object({
    from: calendarDate("from").optional(),
    to: calendarDate("to").optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `from (${value.from}) must not be after to (${value.to})` })
    }
  })
export type AdminGetLotKpisParamsType = z.infer<typeof AdminGetLotKpisParams>
