import { z } from "@medusajs/framework/zod"
import { oneOf, pagination, stringArray } from "../../../utils/validators"

export const MAX_EXPIRY_WINDOW_DAYS = 3650

/** `?days=30`: a whole number of days, from the query string's text. */
const windowDays = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const n = typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value)
  if (!Number.isInteger(n) || n < 0 || n > MAX_EXPIRY_WINDOW_DAYS) {
    ctx.addIssue({
      code: "custom",
      message: `days must be a whole number of days from 0 to ${MAX_EXPIRY_WINDOW_DAYS} (e.g. 30, 60 or 90); leave it out to use each item's warning window`,
    })
    return z.NEVER
  }
  return n
})

export const AdminGetExpiryParams = z
  .object({
    days: windowDays.optional(),
    state: oneOf("state", ["expired", "expiring"] as const).optional(),
    location_id: stringArray.optional(),
    inventory_item_id: stringArray.optional(),
    ...pagination({ limit: 50 }),
  })
  .strict()
export type AdminGetExpiryParamsType = z.infer<typeof AdminGetExpiryParams>

/** `POST /admin/lot-tracking/expiry/run` takes no options: the plugin's options decide (e.g. `auto_write_off_expired`). */
export const AdminRunExpiryWatch = z.object({}).strict()
export type AdminRunExpiryWatchType = z.infer<typeof AdminRunExpiryWatch>
