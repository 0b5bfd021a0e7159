import { model } from "@medusajs/framework/utils"
import { Lot } from "./lot"

export const ALLOCATION_STATUSES = ["reserved", "fulfilled", "released"] as const

/**
 * Units of one lot promised (reserved) or shipped (fulfilled) to one order
 * line. The forward trace reads fulfilled rows; returned units are counted on
 * the row they were shipped on.
 */
export const LotAllocation = model
  .define("lot_allocation", {
    id: model.id({ prefix: "lotalc" }).primaryKey(),
    order_id: model.text(),
    line_item_id: model.text(),
    inventory_item_id: model.text(),
    location_id: model.text(),
    quantity: model.number(),
    returned_quantity: model.number().default(0),
    status: model.enum([...ALLOCATION_STATUSES]).default("reserved"),
    source: model.enum(["auto", "manual"]).default("auto"),
    fulfillment_id: model.text().nullable(),
    fulfilled_at: model.dateTime().nullable(),
    lot: model.belongsTo(() => Lot, { mappedBy: "allocations" }),
  })
  .indexes([
    { on: ["order_id"] },
    { on: ["line_item_id", "status"] },
    { on: ["lot_id", "status"] },
    { on: ["fulfillment_id"] },
    // Open reservations per item and location (reconcile, lot accuracy): a small part of a large table.
    { on: ["inventory_item_id", "location_id"], where: "status = 'reserved'" },
  ])
  .checks([
    { name: "lot_allocation_quantity_positive", expression: (c) => `${c.quantity} > 0` },
    {
      name: "lot_allocation_returned_within_quantity",
      expression: (c) => `${c.returned_quantity} >= 0 AND ${c.returned_quantity} <= ${c.quantity}`,
    },
  ])
