import { z } from "@medusajs/framework/zod"
import { OPENING_BALANCE_MAX_LOTS } from "../../../../lib/opening-balance"
import { boundedText as text, calendarDate, id, lotNumber, quantity } from "../../../utils/validators"
import { bin, supplierLotCode } from "../../lots/validators"

export const AdminOpeningBalance = z
  .object({
    inventory_item_id: id("inventory_item_id"),
    location_id: id("location_id"),
    lots: z
      .array(
        z
          .object({
            lot_number: lotNumber.optional(),
            supplier_lot_code: supplierLotCode.nullish(),
            supplier: text("supplier").nullish(),
            manufactured_at: calendarDate("manufactured_at").nullish(),
            expires_at: calendarDate("expires_at").nullish(),
            best_before: calendarDate("best_before").nullish(),
            quantity: quantity(),
            bin: bin().optional(),
          })
          .strict(),
        { message: "lots must be a list of lots" }
      )
      .superRefine((lots, ctx) => {
        if (!lots.length || lots.length > OPENING_BALANCE_MAX_LOTS) {
          ctx.addIssue({ code: "custom", message: `lots must name 1 to ${OPENING_BALANCE_MAX_LOTS} lots` })
        }
      }),
    note: text("note", 1000).nullish(),
    allow_expired: z.boolean().optional(),
  })
  .strict()
export type AdminOpeningBalanceType = z.infer<typeof AdminOpeningBalance>
