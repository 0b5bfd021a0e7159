import { z } from "@medusajs/framework/zod"

/** One id; a repeated parameter (`?order_id=a&order_id=b`) is refused with a message, not Medusa's type error. */
const oneId = (field: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .superRefine((v, ctx) => {
      if (typeof v !== "string" || !v.trim() || v.trim() !== v || v.includes(",") || v.length > 100) {
        ctx.addIssue({ code: "custom", message: `${field} must be one id such as ${field === "order_id" ? "order_01…" : "ful_01…"}` })
      }
    })
    .transform((v) => v as string)

/** `?order_id=` (the whole order) or `?fulfillment_id=` (one parcel): exactly one. */
export const AdminGetPackingSlipParams = z
  .object({
    order_id: oneId("order_id").optional(),
    fulfillment_id: oneId("fulfillment_id").optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!value.order_id === !value.fulfillment_id) {
      ctx.addIssue({
        code: "custom",
        path: ["order_id"],
        message: "Name either order_id (the whole order) or fulfillment_id (one fulfilment), not both and not neither",
      })
    }
  })
export type AdminGetPackingSlipParamsType = z.infer<typeof AdminGetPackingSlipParams>
