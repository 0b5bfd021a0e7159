import { z } from "@medusajs/framework/zod"
import { AdminGetLotsParams } from "../validators"

/** The lot list's filters (and order), without its page: the export writes every matching lot. */
export const AdminExportLotsParams = AdminGetLotsParams.omit({ limit: true, offset: true }).extend({
  format: z
    .string()
    .superRefine((value, ctx) => {
      if (value !== "csv") {
        ctx.addIssue({ code: "custom", message: `format must be csv (got ${JSON.stringify(value)})` })
      }
    })
    .optional(),
})
export type AdminExportLotsParamsType = z.infer<typeof AdminExportLotsParams>
