import { model } from "@medusajs/framework/utils"
import { Lot } from "./lot"

export const MOVEMENT_TYPES = [
  "received",
  "adjusted",
  "transferred_out",
  "transferred_in",
  "written_off",
  "reserved",
  "released",
  "fulfilled",
  "fulfillment_canceled",
  "returned",
  "quarantined",
  "released_from_quarantine",
  "recalled",
  // Returns: damaged units counted on their lot (quantity 0, units in metadata), units into and out of the
  // item's "awaiting lot confirmation" lot while staff confirm which lot they belong to.
  "return_damaged",
  "return_awaiting_lot",
  "return_lot_confirmed",
  // Onboarding: units Medusa already counted, put into a lot (Medusa's level does not move).
  "opening_balance",
  // A lot's units moved to another bin at the same location (quantity 0; bins in metadata).
  "put_away",
  // A lot's number, dates, supplier or cost edited (quantity 0; each field's before and after in metadata).
  "edited",
] as const

/**
 * The append-only ledger of a lot: every change of its stock (and of its
 * status) with who, why and what caused it. Never updated or deleted; the
 * audit trail, the backward trace and the source of the KPIs.
 */
export const LotMovement = model
  .define("lot_movement", {
    id: model.id({ prefix: "lotmov" }).primaryKey(),
    // Denormalised so that KPIs and per-item history need no join.
    inventory_item_id: model.text(),
    location_id: model.text().nullable(),
    type: model.enum([...MOVEMENT_TYPES]),
    // Signed change of stocked units at the location (reservations: of reserved units).
    quantity: model.number(),
    reason: model.text().nullable(),
    note: model.text().nullable(),
    reference_type: model.text().nullable(),
    reference_id: model.text().nullable(),
    actor_id: model.text().nullable(),
    metadata: model.json().nullable(),
    lot: model.belongsTo(() => Lot, { mappedBy: "movements" }),
  })
  .indexes([
    { on: ["lot_id", "created_at"] },
    { on: ["inventory_item_id", "type", "created_at"] },
    { on: ["type", "created_at"] },
    { on: ["reference_type", "reference_id"] },
  ])
