import { model } from "@medusajs/framework/utils"

/**
 * Units of an order line that no eligible lot could cover when it was
 * allocated: kept so that a shortfall is visible (order lots, admin), never
 * silently dropped. Cleared when the line is covered, fulfilled or canceled.
 */
export const LotShortfall = model
  .define("lot_shortfall", {
    id: model.id({ prefix: "lotsht" }).primaryKey(),
    order_id: model.text(),
    line_item_id: model.text(),
    inventory_item_id: model.text(),
    location_id: model.text(),
    quantity: model.number(),
  })
  .indexes([
    { on: ["line_item_id", "inventory_item_id"], unique: true },
    { on: ["order_id"] },
  ])
  .checks([{ name: "lot_shortfall_quantity_positive", expression: (c) => `${c.quantity} > 0` }])
