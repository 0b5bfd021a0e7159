import { z } from "@medusajs/framework/zod"
import { SERIAL_STATUSES } from "../../../modules/lot_tracking/models/lot-serial"
import { SERIAL_NUMBER_MAX_LENGTH } from "../../../lib/serial-numbers"
import { pagination, stringArray } from "../../utils/validators"

const STATUS_MESSAGE = `status must be one of ${SERIAL_STATUSES.join(", ")}`

/** `?status=shipped`, `?status=shipped,returned` or repeated: each one of the five statuses. */
const statuses = stringArray
  .superRefine((values, ctx) => {
    if (values.some((v) => !(SERIAL_STATUSES as readonly string[]).includes(v))) {
      ctx.addIssue({ code: "custom", message: STATUS_MESSAGE })
    }
  })
  .transform((values) => values as (typeof SERIAL_STATUSES)[number][])

export const AdminGetSerialsParams = z
  .object({
    // A serial number is at most 64 characters, so a longer `q` can match nothing.
    q: z
      .string({ message: "q must be text" })
      .superRefine((v, ctx) => {
        // A custom issue: Medusa's validator replaces zod's own max-length message with a generic one.
        if (v.length > SERIAL_NUMBER_MAX_LENGTH) {
          ctx.addIssue({ code: "custom", message: `q must be at most ${SERIAL_NUMBER_MAX_LENGTH} characters` })
        }
      })
      .optional(),
    id: stringArray.optional(),
    serial_number: stringArray.optional(),
    inventory_item_id: stringArray.optional(),
    lot_id: stringArray.optional(),
    location_id: stringArray.optional(),
    status: statuses.optional(),
    order_id: stringArray.optional(),
    ...pagination({ limit: 20 }),
  })
  .strict()
export type AdminGetSerialsParamsType = z.infer<typeof AdminGetSerialsParams>
