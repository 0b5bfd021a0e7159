import { z } from "@medusajs/framework/zod"
import { id, quantity, serialNumbers } from "../../utils/validators"

/**
 * `POST /admin/returns/:id/lots`; serialized items name `serial_numbers` instead of a lot and quantity.: which lot returned units belong to, per
 * order line; `quantity` in inventory units of the lot's item (a kit line of
 * 2 units needing 2 of an item returns 4 of it). `damaged: true` names the
 * lot of units received as damaged only.
 */
export const AdminAssignReturnLots = z
  .object({
    lots: z
      .array(
        z
          .object({
            line_item_id: id("line_item_id"),
            lot_id: id("lot_id").optional(),
            quantity: quantity().optional(),
            // Serialized items: the units that came back, by serial (they decide the lots).
            serial_numbers: serialNumbers().optional(),
            damaged: z.boolean({ message: "damaged must be true or false" }).optional(),
          })
          .strict()
          .superRefine((entry, ctx) => {
            if (entry.serial_numbers ? entry.lot_id || entry.quantity : !entry.lot_id || !entry.quantity) {
              ctx.addIssue({ code: "custom", message: "each entry names lot_id and quantity, or serial_numbers (serialized items)" })
            }
          })
      )
      .superRefine((lots, ctx) => {
        // Custom issues: Medusa's validator rewrites zod's own min/max messages.
        if (!lots.length) {
          ctx.addIssue({ code: "custom", message: "lots must name at least one lot" })
        } else if (lots.length > 200) {
          ctx.addIssue({ code: "custom", message: "lots may name at most 200 lots" })
        }
      }),
  })
  .strict()
export type AdminAssignReturnLotsType = z.infer<typeof AdminAssignReturnLots>
