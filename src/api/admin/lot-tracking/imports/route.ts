import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { createLotImportWorkflow } from "../../../../workflows/create-lot-import"
import { lotService } from "../../../../modules/lot_tracking/resolve"
import { lotImportResponse, retrieveLotImport } from "./answer"
import type { AdminCreateLotImportType, AdminGetLotImportsParamsType } from "./validators"

/** Recent imports, newest first. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetLotImportsParamsType>, res: MedusaResponse) => {
  const { limit, offset, status } = req.validatedQuery as AdminGetLotImportsParamsType
  const [rows, count] = await lotService(req.scope).listAndCountLotImports(status ? { status } : {}, {
    skip: offset,
    take: limit,
    order: { created_at: "DESC" },
  })
  res.json({ imports: rows.map((r: Record<string, unknown>) => lotImportResponse(r)), count, offset, limit })
}

/** Upload: the dry run, answered at once; nothing is changed until the import is confirmed. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateLotImportType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const file = (req as unknown as { file?: { buffer: Buffer; originalname?: string } }).file
  const csv = file ? file.buffer.toString("utf8") : body.csv
  if (!csv) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "No file: upload the CSV as multipart form data in the field file (with mode), or send JSON { csv, mode }"
    )
  }
  const { result } = await createLotImportWorkflow(req.scope).run({
    input: {
      csv,
      mode: body.mode as "receive" | "opening_balance" | "count",
      allow_expired: !!body.allow_expired,
      file_name: file?.originalname ?? body.file_name ?? null,
      actor_id: req.auth_context?.actor_id ?? null,
    },
  })
  res.status(201).json({ import: await retrieveLotImport(req.scope, result.id) })
}
