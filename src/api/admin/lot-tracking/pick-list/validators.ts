import { z } from "@medusajs/framework/zod"
import { id, pagination, stringArray } from "../../../utils/validators"

/** At most this many orders on one pick list: a picking round, not the whole backlog. */
export const MAX_PICK_LIST_ORDERS = 100

/**
 * `?order_id=order_1&order_id=order_2` (repeatable, or comma-separated): the
 * orders to pick, 1 to 100. Custom issues: Medusa's validator rewrites zod's
 * own min/max messages.
 */
export const AdminGetPickListParams = z
  .object({
    order_id: stringArray.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const ids = value.order_id ?? []
    if (!ids.length) {
      ctx.addIssue({
        code: "custom",
        path: ["order_id"],
        message: "order_id is required: the order(s) to pick, e.g. ?order_id=order_…&order_id=order_…",
      })
    } else if (new Set(ids).size > MAX_PICK_LIST_ORDERS) {
      ctx.addIssue({ code: "custom", path: ["order_id"], message: `A pick list takes at most ${MAX_PICK_LIST_ORDERS} orders` })
    } else if (ids.some((v) => v.trim() !== v || v.length > 100)) {
      ctx.addIssue({ code: "custom", path: ["order_id"], message: "order_id must be order ids such as order_01…" })
    }
  })
export type AdminGetPickListParamsType = z.infer<typeof AdminGetPickListParams>

/** `?limit=&offset=&location_id=`: open orders with reserved lots, to choose a pick list from. */
export const AdminGetPickableOrdersParams = z
  .object({
    ...pagination({ limit: 50, maxLimit: 200 }),
    location_id: id("location_id").optional(),
  })
  .strict()
export type AdminGetPickableOrdersParamsType = z.infer<typeof AdminGetPickableOrdersParams>
