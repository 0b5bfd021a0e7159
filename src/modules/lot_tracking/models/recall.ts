import { model } from "@medusajs/framework/utils"
import { RecallLot } from "./recall-lot"
import { RecallNotice } from "./recall-notice"
import { RecallSerial } from "./recall-serial"

/**
 * A recall case over one or more lots (or, by serial, units). Opening it blocks the lots at once;
 * `recall_time_ms` is the time from opening to the complete affected list
 * (the recall-time KPI); closing records the outcome.
 */
export const Recall = model
  .define("recall", {
    id: model.id({ prefix: "rcl" }).primaryKey(),
    reference: model.text(),
    reason: model.text(),
    // What customers and the public lookup may see; the reason can be internal.
    public_reason: model.text().nullable(),
    classification: model.enum(["I", "II", "III"]).nullable(),
    // canceled: opened by mistake and undone (lots and holds restored, unsent notices void); the record stays.
    status: model.enum(["open", "closed", "canceled"]).default("open"),
    // Partial scope: { location_ids?, shipped_from?, shipped_to? }; null for the whole lot (docs/RECALLS.md).
    scope: model.json().nullable(),
    opened_by: model.text().nullable(),
    opened_at: model.dateTime(),
    affected_listed_at: model.dateTime().nullable(),
    recall_time_ms: model.number().nullable(),
    all_notified_at: model.dateTime().nullable(),
    closed_by: model.text().nullable(),
    closed_at: model.dateTime().nullable(),
    outcome: model.json().nullable(),
    canceled_by: model.text().nullable(),
    canceled_at: model.dateTime().nullable(),
    cancel_reason: model.text().nullable(),
    metadata: model.json().nullable(),
    lots: model.hasMany(() => RecallLot, { mappedBy: "recall" }),
    notices: model.hasMany(() => RecallNotice, { mappedBy: "recall" }),
    // A recall by serial names units instead of lots.
    serials: model.hasMany(() => RecallSerial, { mappedBy: "recall" }),
  })
  .indexes([{ on: ["reference"], unique: true }, { on: ["status", "opened_at"] }])
