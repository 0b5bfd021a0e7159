import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "./knex"

/** A stored first answer to a request sent with an `Idempotency-Key`. */
export type IdempotencyKeyRow = {
  key: string
  actor_id: string
  method: string
  path: string
  request_hash: string
  response_status: number
  response_body: unknown
  expires_at: Date
}

/** The caller's key, if one is stored and not expired. */
export async function findIdempotencyKey(
  knex: Knex,
  args: { key: string; actor_id: string; now?: Date }
): Promise<IdempotencyKeyRow | null> {
  const { rows } = await knex.raw(
    `SELECT key, actor_id, method, path, request_hash, response_status, response_body, expires_at
       FROM lot_idempotency_key
      WHERE key = ? AND actor_id = ? AND deleted_at IS NULL AND expires_at > ?`,
    [args.key, args.actor_id, args.now ?? new Date()]
  )
  return rows[0] ?? null
}

/**
 * Stores a first answer. One upsert on the unique (key, actor_id): an
 * expired row of the same key (not swept yet) is replaced, a live one never
 * (the caller holds the key's lock and found none; the guard keeps it so even
 * if the lock was lost). Returns whether it was stored.
 */
export async function saveIdempotencyKey(knex: Knex, row: IdempotencyKeyRow): Promise<boolean> {
  const { rows } = await knex.raw(
    `INSERT INTO lot_idempotency_key (id, key, actor_id, method, path, request_hash, response_status, response_body, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
     ON CONFLICT (key, actor_id) WHERE deleted_at IS NULL
     DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
                   response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body,
                   expires_at = EXCLUDED.expires_at, created_at = now(), updated_at = now()
     WHERE lot_idempotency_key.expires_at <= now()
     RETURNING id`,
    [
      generateEntityId(undefined, "lotidem"),
      row.key,
      row.actor_id,
      row.method,
      row.path,
      row.request_hash,
      row.response_status,
      row.response_body === undefined ? null : JSON.stringify(row.response_body),
      row.expires_at,
    ]
  )
  return rows.length > 0
}

/** Deletes expired keys (they are a cache of answers, not records). Returns how many. */
export async function sweepExpiredIdempotencyKeys(knex: Knex, now: Date = new Date()): Promise<number> {
  const { rowCount } = await knex.raw(`DELETE FROM lot_idempotency_key WHERE expires_at <= ?`, [now])
  return rowCount ?? 0
}
