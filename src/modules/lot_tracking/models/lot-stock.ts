import { model } from "@medusajs/framework/utils"
import { Lot } from "./lot"

/**
 * Units of one lot at one stock location. Whole units in integer columns so a
 * single conditional UPDATE can move them atomically; the CHECKs are the last
 * guard against over-allocation.
 */
export const LotStock = model
  .define("lot_stock", {
    id: model.id({ prefix: "lotstk" }).primaryKey(),
    location_id: model.text(),
    stocked_quantity: model.number().default(0),
    reserved_quantity: model.number().default(0),
    // The shelf the lot's units sit on at this location (put-away, pick lists).
    bin: model.text().nullable(),
    // Blocked here by a recall scoped to locations (the lot stays active elsewhere); null when not.
    recall_id: model.text().nullable(),
    lot: model.belongsTo(() => Lot, { mappedBy: "stock" }),
  })
  .indexes([
    { on: ["lot_id", "location_id"], unique: true },
    { on: ["location_id"] },
    { on: ["location_id", "bin"], where: "bin IS NOT NULL" },
    { on: ["recall_id"], where: "recall_id IS NOT NULL" },
  ])
  .checks([
    { name: "lot_stock_stocked_not_negative", expression: (c) => `${c.stocked_quantity} >= 0` },
    { name: "lot_stock_reserved_not_negative", expression: (c) => `${c.reserved_quantity} >= 0` },
    { name: "lot_stock_bin_length", expression: (c) => `${c.bin} IS NULL OR char_length(${c.bin}) BETWEEN 1 AND 32` },
    {
      name: "lot_stock_reserved_within_stocked",
      expression: (c) => `${c.reserved_quantity} <= ${c.stocked_quantity}`,
    },
  ])
