import { z } from "@medusajs/framework/zod"
import { pagination, stringArray } from "../../../utils/validators"

export const AdminGetUnassignedParams = z
  .object({
    inventory_item_id: stringArray.optional(),
    location_id: stringArray.optional(),
    ...pagination({ limit: 50 }),
  })
  .strict()
export type AdminGetUnassignedParamsType = z.infer<typeof AdminGetUnassignedParams>
