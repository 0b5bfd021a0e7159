import { z } from "@medusajs/framework/zod"
import { LOT_IMPORT_MODES } from "../../../../lib/lot-import-rows"
import { pagination } from "../../../utils/validators"

/**
 * The upload: multipart (the file in `file`, `mode` and `allow_expired` as
 * form fields, which arrive as text) or JSON (`csv` with the file's text).
 */
export const AdminCreateLotImport = z
  .object({
    mode: z.string().superRefine((value, ctx) => {
      if (!(LOT_IMPORT_MODES as readonly string[]).includes(value)) {
        ctx.addIssue({ code: "custom", message: `mode must be one of ${LOT_IMPORT_MODES.join(", ")} (got ${JSON.stringify(value)})` })
      }
    }),
    allow_expired: z
      .union([z.boolean(), z.enum(["true", "false"])])
      .transform((v) => v === true || v === "true")
      .optional(),
    csv: z.string().optional(),
    file_name: z.string().max(255).nullish(),
  })
  .strict()
export type AdminCreateLotImportType = z.infer<typeof AdminCreateLotImport>

export const AdminGetLotImportsParams = z
  .object({
    status: z.enum(["preview", "running", "done", "failed"]).optional(),
    ...pagination(),
  })
  .strict()
export type AdminGetLotImportsParamsType = z.infer<typeof AdminGetLotImportsParams>
