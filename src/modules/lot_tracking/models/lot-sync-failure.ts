import { model } from "@medusajs/framework/utils"

/**
 * A run of one of the plugin's subscribers that threw (e.g. the order.placed
 * allocation or the return restock): what failed, for which order or return,
 * and the workflow and input to run again. Open while `resolved_at` is null;
 * reconcile lists open failures and re-runs them (the workflows are
 * idempotent), a later successful run of the same subscriber closes them.
 * At most one open row per (event, key): a repeated failure counts attempts.
 */
export const LotSyncFailure = model
  .define("lot_sync_failure", {
    id: model.id({ prefix: "lotsyf" }).primaryKey(),
    /** The event the subscriber handled, e.g. `order.placed`. */
    event: model.text(),
    /** What it was about: the order, return or reservation id. */
    key: model.text(),
    /** The workflow to run again, and its input. */
    workflow_id: model.text(),
    input: model.json(),
    message: model.text(),
    attempts: model.number().default(1),
    failed_at: model.dateTime(),
    resolved_at: model.dateTime().nullable(),
    /** `succeeded` (a later run of the subscriber), `reconciled` (re-run by reconcile) or `dismissed` (by staff). */
    resolution: model.text().nullable(),
  })
  .indexes([{ on: ["event", "key"], unique: true, where: "resolved_at IS NULL" }])
