import { z } from "@medusajs/framework/zod"
import { calendarDate } from "../../../../utils/validators"

/**
 * An EPCIS export may be limited to a window of days (inclusive, in the
 * plugin's time zone), e.g. the period a regulator asks about.
 */
export const AdminGetEpcisParams = z
  .object({
    from: calendarDate("from").optional(),
    to: calendarDate("to").optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) {
      ctx.addIssue({ code: "custom", message: `from (${q.from}) must not be after to (${q.to})` })
    }
  })
export type AdminGetEpcisParamsType = z.infer<typeof AdminGetEpcisParams>
