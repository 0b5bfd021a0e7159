import { model } from "@medusajs/framework/utils"
import { Recall } from "./recall"

/**
 * A unit under a recall by serial (docs/SERIALS.md): the lot stays as it
 * is, the unit is blocked; what it was when the recall opened is kept for
 * the record.
 */
export const RecallSerial = model
  .define("recall_serial", {
    id: model.id({ prefix: "rclsrl" }).primaryKey(),
    serial_id: model.text(),
    serial_number: model.text(),
    inventory_item_id: model.text(),
    lot_id: model.text(),
    lot_number: model.text(),
    // The unit's status when the recall opened: in stock (now blocked), shipped (its customer notified), ...
    status_at_open: model.text(),
    recall: model.belongsTo(() => Recall, { mappedBy: "serials" }),
  })
  .indexes([{ on: ["recall_id", "serial_id"], unique: true }, { on: ["serial_id"] }, { on: ["serial_number"] }])
