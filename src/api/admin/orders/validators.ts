import { z } from "@medusajs/framework/zod"
import { id, quantity, serialNumbers } from "../../utils/validators"

const namedLot = z.object({ lot_id: id("lot_id"), quantity: quantity() }).strict()

export const AdminAssignOrderLots = z
  .object({
    line_item_id: id("line_item_id"),
    lots: z.array(namedLot).min(1, { message: "lots must name at least one lot" }).max(50).optional(),
    /** Serialized items: the units to reserve for the line (they decide its lots). */
    serial_numbers: serialNumbers().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (!body.lots === !body.serial_numbers) {
      ctx.addIssue({ code: "custom", message: "name either lots or serial_numbers (serialized items)" })
    }
  })
export type AdminAssignOrderLotsType = z.infer<typeof AdminAssignOrderLots>

/** `additional_data.lots` on Medusa's `POST /admin/orders/:id/fulfillments`. */
export const fulfillmentLotsAdditionalData = {
  lots: z
    .array(z.object({ line_item_id: id("line_item_id"), lot_id: id("lot_id"), quantity: quantity() }).strict())
    .max(200)
    .optional(),
  /** Serialized items: the units shipped per line (docs/SERIALS.md); they decide the line's lots. */
  serials: z
    .array(z.object({ line_item_id: id("line_item_id"), serial_numbers: serialNumbers() }).strict())
    .max(200)
    .optional(),
  /** Set by the plugin's own middleware (see fulfillment-location.ts): whether the request named a location. */
  lot_location_given: z.boolean().optional(),
}
