import { model } from "@medusajs/framework/utils"
import { Lot } from "./lot"

export const SERIAL_STATUSES = ["in_stock", "reserved", "shipped", "returned", "written_off"] as const

/**
 * One unit of one lot (docs/SERIALS.md). Its status follows the unit: in
 * stock or reserved at `location_id`, shipped to an order line (with the
 * `lot_allocation` it left on), back damaged (`returned`), or written off.
 * Statuses change with conditional UPDATEs in the same transaction as the
 * lot's stock, so a serial can never be shipped twice.
 */
export const LotSerial = model
  .define("lot_serial", {
    id: model.id({ prefix: "lotsrl" }).primaryKey(),
    serial_number: model.text().searchable(),
    inventory_item_id: model.text(),
    location_id: model.text().nullable(),
    status: model.enum([...SERIAL_STATUSES]).default("in_stock"),
    // Recalled by serial: held, never reserved or shipped again.
    blocked: model.boolean().default(false),
    allocation_id: model.text().nullable(),
    order_id: model.text().nullable(),
    line_item_id: model.text().nullable(),
    fulfillment_id: model.text().nullable(),
    shipped_at: model.dateTime().nullable(),
    return_id: model.text().nullable(),
    metadata: model.json().nullable(),
    lot: model.belongsTo(() => Lot, { mappedBy: "serials" }),
  })
  .indexes([
    // Unique per item among live rows; `global` scope is checked under a lock (see queries/serials.ts).
    { on: ["inventory_item_id", "serial_number"], unique: true },
    { on: ["serial_number"] },
    // The lowest serials of a lot in stock at a location (shipments, write-offs) in index order.
    { on: ["lot_id", "location_id", "status", "serial_number"] },
    // Units reserved or shipped only: a receipt of 10,000 serials in stock writes none of these.
    { on: ["allocation_id"], where: "allocation_id IS NOT NULL" },
    { on: ["order_id"], where: "order_id IS NOT NULL" },
    { on: ["line_item_id", "status"], where: "line_item_id IS NOT NULL" },
    // Units recalled by serial still on hand: few rows, probed by every candidate and hold query.
    { on: ["lot_id", "location_id"], where: "blocked = true AND status IN ('in_stock', 'reserved')" },
  ])
