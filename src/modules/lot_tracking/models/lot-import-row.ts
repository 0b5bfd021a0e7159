import { model } from "@medusajs/framework/utils"
import { LotImport } from "./lot-import"

/** One valid row of an import, resolved at preview (item, location, dates), applied on confirm. */
export const LotImportRow = model
  .define("lot_import_row", {
    id: model.id({ prefix: "lotimr" }).primaryKey(),
    row_number: model.number(),
    data: model.json(),
    import: model.belongsTo(() => LotImport, { mappedBy: "rows" }),
  })
  .indexes([{ on: ["import_id", "row_number"] }])
