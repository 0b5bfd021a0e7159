import { model } from "@medusajs/framework/utils"

export const SERIAL_MOVEMENT_TYPES = [
  "received",
  "reserved",
  "released",
  "shipped",
  "fulfillment_canceled",
  "returned",
  "returned_damaged",
  "written_off",
  "transferred",
  "recalled",
] as const

/**
 * The history of one unit: append-only, one row per change of a serial
 * (the lot's own ledger, `lot_movement`, counts units; this names them).
 * `seq` orders rows written in one transaction, which share `created_at`.
 */
export const LotSerialMovement = model
  .define("lot_serial_movement", {
    id: model.id({ prefix: "lotsmv" }).primaryKey(),
    serial_id: model.text(),
    lot_id: model.text(),
    type: model.enum([...SERIAL_MOVEMENT_TYPES]),
    location_id: model.text().nullable(),
    reference_type: model.text().nullable(),
    reference_id: model.text().nullable(),
    order_id: model.text().nullable(),
    reason: model.text().nullable(),
    actor_id: model.text().nullable(),
    seq: model.autoincrement(),
  })
  .indexes([{ on: ["serial_id", "seq"] }])
