import { model } from "@medusajs/framework/utils"
import { Recall } from "./recall"

/** A lot under a recall, with what it was before (for the record; a closed recall keeps lots recalled). */
export const RecallLot = model
  .define("recall_lot", {
    id: model.id({ prefix: "rcllot" }).primaryKey(),
    lot_id: model.text(),
    lot_number: model.text(),
    inventory_item_id: model.text(),
    previous_status: model.text(),
    // Units on hand per location when the recall opened: [{ location_id, stocked_quantity, reserved_quantity }].
    stock_on_hand: model.json().nullable(),
    recall: model.belongsTo(() => Recall, { mappedBy: "lots" }),
  })
  .indexes([{ on: ["recall_id", "lot_id"], unique: true }, { on: ["lot_id"] }, { on: ["lot_number"] }])
