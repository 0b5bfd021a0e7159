import { model } from "@medusajs/framework/utils"
import { LotImportRow } from "./lot-import-row"

export const LOT_IMPORT_MODES = ["receive", "opening_balance", "count"] as const
export const LOT_IMPORT_STATUSES = ["preview", "running", "done", "failed"] as const

/**
 * A CSV import of lots: checked at upload (status `preview`, nothing
 * changed), applied on confirm in the background, all or nothing.
 */
export const LotImport = model
  .define("lot_import", {
    id: model.id({ prefix: "lotimp" }).primaryKey(),
    mode: model.enum([...LOT_IMPORT_MODES]),
    status: model.enum([...LOT_IMPORT_STATUSES]).default("preview"),
    file_name: model.text().nullable(),
    allow_expired: model.boolean().default(false),
    total_rows: model.number().default(0),
    valid_rows: model.number().default(0),
    processed: model.number().default(0),
    error_count: model.number().default(0),
    /** The first row errors `{ row, column, message }` (capped; error_count has them all). */
    errors: model.json().nullable(),
    /** What the import would do / did: units, lots, items, locations. */
    summary: model.json().nullable(),
    /** Why an applied import failed (nothing was changed). */
    failure: model.text().nullable(),
    actor_id: model.text().nullable(),
    confirmed_at: model.dateTime().nullable(),
    finished_at: model.dateTime().nullable(),
    rows: model.hasMany(() => LotImportRow, { mappedBy: "import" }),
  })
  .indexes([{ on: ["status"] }])
