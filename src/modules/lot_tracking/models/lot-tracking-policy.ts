import { model } from "@medusajs/framework/utils"

export const STRATEGIES = ["fefo", "fifo"] as const
export const SERIAL_CAPTURES = ["required", "auto"] as const
export const SERIAL_SCOPES = ["item", "global"] as const

/**
 * How one inventory item is tracked. Null fields fall back to the plugin
 * options, so changing a default applies to every item that did not choose.
 */
export const LotTrackingPolicy = model
  .define("lot_tracking_policy", {
    id: model.id({ prefix: "lotpol" }).primaryKey(),
    inventory_item_id: model.text(),
    tracked: model.boolean().default(true),
    strategy: model.enum([...STRATEGIES]).nullable(),
    min_shelf_life_days: model.number().nullable(),
    expiry_warning_days: model.number().nullable(),
    require_expiry: model.boolean().nullable(),
    // Serials (docs/SERIALS.md): one identity per unit of the item's lots.
    serialized: model.boolean().default(false),
    serial_pattern: model.text().nullable(),
    serial_capture: model.enum([...SERIAL_CAPTURES]).nullable(),
    serial_scope: model.enum([...SERIAL_SCOPES]).nullable(),
  })
  .indexes([{ on: ["inventory_item_id"], unique: true }])
  .checks([
    {
      name: "lot_tracking_policy_days_not_negative",
      expression: (c) =>
        `(${c.min_shelf_life_days} IS NULL OR ${c.min_shelf_life_days} >= 0) AND (${c.expiry_warning_days} IS NULL OR ${c.expiry_warning_days} >= 0)`,
    },
  ])
