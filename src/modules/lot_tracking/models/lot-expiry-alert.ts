import { model } from "@medusajs/framework/utils"

/** A lot announced as expiring or expired: each lot is announced once per state, not every day. */
export const LotExpiryAlert = model
  .define("lot_expiry_alert", {
    id: model.id({ prefix: "lotexp" }).primaryKey(),
    lot_id: model.text(),
    state: model.enum(["expiring", "expired"]),
    expires_at: model.text(),
    stocked_quantity: model.number().default(0),
    notification_id: model.text().nullable(),
  })
  .indexes([{ on: ["lot_id", "state"], unique: true }, { on: ["state", "created_at"] }])
