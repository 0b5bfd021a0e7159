import { model } from "@medusajs/framework/utils"
import { LotStock } from "./lot-stock"
import { LotMovement } from "./lot-movement"
import { LotAllocation } from "./lot-allocation"
import { LotSerial } from "./lot-serial"

export const LOT_STATUSES = ["active", "quarantined", "recalled"] as const

/** One production batch of one inventory item. */
export const Lot = model
  .define("lot", {
    id: model.id({ prefix: "lot" }).primaryKey(),
    inventory_item_id: model.text(),
    lot_number: model.text().searchable(),
    // Calendar dates as ISO `YYYY-MM-DD` text: a day, not an instant (see src/lib/calendar-date.ts).
    manufactured_at: model.text().nullable(),
    expires_at: model.text().nullable(),
    best_before: model.text().nullable(),
    received_at: model.dateTime(),
    supplier: model.text().nullable(),
    // The supplier's own batch code, kept beside our lot number (searched by `q`, filled from a GS1 scan's
    // AI 10 when `gs1_lot_is_supplier_code`). Unique per item and supplier only: suppliers reuse codes.
    supplier_lot_code: model.text().searchable().nullable(),
    origin: model.text().nullable(),
    // Cost of one unit given at receipt, in the store's currency (expiration loss in money).
    unit_cost: model.bigNumber().nullable(),
    unit_cost_currency_code: model.text().nullable(),
    status: model.enum([...LOT_STATUSES]).default("active"),
    metadata: model.json().nullable(),
    stock: model.hasMany(() => LotStock, { mappedBy: "lot" }),
    movements: model.hasMany(() => LotMovement, { mappedBy: "lot" }),
    allocations: model.hasMany(() => LotAllocation, { mappedBy: "lot" }),
    serials: model.hasMany(() => LotSerial, { mappedBy: "lot" }),
  })
  .indexes([
    // Unique among live rows: a deleted (never used) lot frees its number.
    { on: ["inventory_item_id", "lot_number"], unique: true },
    { on: ["lot_number"] },
    { on: ["supplier_lot_code"], where: "supplier_lot_code IS NOT NULL" },
    { on: ["inventory_item_id", "expires_at"] },
    { on: ["expires_at"] },
    { on: ["status"] },
  ])
  .checks([
    {
      name: "lot_dates_are_calendar_dates",
      expression: (c) =>
        `(${c.expires_at} IS NULL OR ${c.expires_at} ~ '^\\d{4}-\\d{2}-\\d{2}$') AND ` +
        `(${c.manufactured_at} IS NULL OR ${c.manufactured_at} ~ '^\\d{4}-\\d{2}-\\d{2}$') AND ` +
        `(${c.best_before} IS NULL OR ${c.best_before} ~ '^\\d{4}-\\d{2}-\\d{2}$')`,
    },
    {
      name: "lot_expires_after_manufacture",
      expression: (c) =>
        `${c.expires_at} IS NULL OR ${c.manufactured_at} IS NULL OR ${c.expires_at} >= ${c.manufactured_at}`,
    },
  ])
