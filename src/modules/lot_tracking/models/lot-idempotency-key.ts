import { model } from "@medusajs/framework/utils"

/**
 * The first answer to a stock-moving POST sent with an `Idempotency-Key`
 * header: a retry with the same key and the same request gets this answer
 * back and moves nothing again; the same key with another request is refused.
 * Kept until `expires_at` (at least 24 h), then swept by the daily job.
 */
export const LotIdempotencyKey = model
  .define("lot_idempotency_key", {
    id: model.id({ prefix: "lotidem" }).primaryKey(),
    key: model.text(),
    /** Who sent it (user or secret API key): keys are per caller, as a WMS and the admin may pick the same string. */
    actor_id: model.text(),
    method: model.text(),
    path: model.text(),
    /** sha256 of method, path and the JSON body. */
    request_hash: model.text(),
    response_status: model.number(),
    response_body: model.json().nullable(),
    expires_at: model.dateTime(),
  })
  .indexes([
    { on: ["key", "actor_id"], unique: true },
    { on: ["expires_at"] },
  ])
