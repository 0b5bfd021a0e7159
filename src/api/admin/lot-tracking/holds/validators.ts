import { z } from "@medusajs/framework/zod"
import { stringArray } from "../../../utils/validators"

/** At most this many inventory items per request: the holds of one item page, or of a few. */
export const MAX_HOLD_ITEMS = 100

/**
 * `?inventory_item_id=iitem_1` (repeatable, or comma-separated): the items
 * whose holds to list. Required: the holds are read per item, never all at once.
 */
export const AdminGetLotHoldsParams = z
  .object({
    inventory_item_id: stringArray.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const ids = value.inventory_item_id ?? []
    if (!ids.length) {
      ctx.addIssue({
        code: "custom",
        path: ["inventory_item_id"],
        message: "inventory_item_id is required: the inventory item(s) whose holds to list, e.g. ?inventory_item_id=iitem_…",
      })
    } else if (ids.length > MAX_HOLD_ITEMS) {
      ctx.addIssue({
        code: "custom",
        path: ["inventory_item_id"],
        message: `inventory_item_id takes at most ${MAX_HOLD_ITEMS} inventory items`,
      })
    }
  })
export type AdminGetLotHoldsParamsType = z.infer<typeof AdminGetLotHoldsParams>
