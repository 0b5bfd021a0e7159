import { model } from "@medusajs/framework/utils"

/**
 * Small facts the plugin's jobs keep between runs, one row per key; e.g. the
 * merchant's calendar day the expiry watch last acted on, so the hourly job
 * does its work once per local day and nothing in the other hours.
 */
export const LotTrackingState = model
  .define("lot_tracking_state", {
    id: model.id({ prefix: "lotst" }).primaryKey(),
    key: model.text(),
    value: model.text(),
  })
  .indexes([{ on: ["key"], unique: true }])
