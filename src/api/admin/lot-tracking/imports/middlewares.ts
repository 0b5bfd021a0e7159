import {
  validateAndTransformBody,
  validateAndTransformQuery,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import multer from "multer"
import { LOT_IMPORT_MAX_BYTES } from "../../../../lib/lot-import-csv"
import { AdminExportLotsParams } from "../../lots/export/validators"
import { AdminCreateLotImport, AdminGetLotImportsParams } from "./validators"

// As Medusa's own product import: the file in memory (it is read as a stream of records from there), one file, `file`.
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: LOT_IMPORT_MAX_BYTES, files: 1 } })

/** The multipart upload, with multer's refusals (too large, another field) answered as 400 with what to do. */
function uploadCsv(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  upload.single("file")(req, res, (err: unknown) => {
    if (!err) {
      return next()
    }
    const code = (err as { code?: string }).code
    const message =
      code === "LIMIT_FILE_SIZE"
        ? `The file is larger than ${LOT_IMPORT_MAX_BYTES / 1024 / 1024} MB, the most an import takes: split it in several files`
        : code === "LIMIT_UNEXPECTED_FILE" || code === "LIMIT_FILE_COUNT"
          ? "Upload one CSV file, in the form field file"
          : `The upload could not be read: ${(err as Error).message}`
    next(new MedusaError(MedusaError.Types.INVALID_DATA, message))
  })
}

/** CSV imports and the lot export. */
export const adminLotImportRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/lot-tracking/imports",
    methods: ["POST"],
    // JSON `{ csv }`: the file's text, up to the import's limit (escaping makes JSON a little larger).
    bodyParser: { sizeLimit: LOT_IMPORT_MAX_BYTES * 1.25 },
    middlewares: [uploadCsv, validateAndTransformBody(AdminCreateLotImport)],
  },
  {
    matcher: "/admin/lot-tracking/imports",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminGetLotImportsParams, {})],
  },
  {
    matcher: "/admin/lots/export",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminExportLotsParams, {})],
  },
]
