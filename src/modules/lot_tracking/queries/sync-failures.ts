import { generateEntityId } from "@medusajs/framework/utils"
import { placeholders, type Knex } from "./knex"

export type SyncFailureInput = { event: string; key: string; workflow_id: string; input: Record<string, unknown>; message: string }

export type OpenSyncFailure = {
  id: string
  event: string
  key: string
  workflow_id: string
  input: Record<string, unknown>
  message: string
  attempts: number
  failed_at: Date
  created_at: Date
}

/**
 * Records a failed subscriber run: one open row per (event, key); a repeated
 * failure counts attempts and keeps the latest message. One upsert on the
 * partial unique index.
 */
export async function recordSyncFailure(knex: Knex, input: SyncFailureInput): Promise<{ id: string; attempts: number }> {
  const { rows } = await knex.raw(
    `INSERT INTO lot_sync_failure (id, event, key, workflow_id, input, message, attempts, failed_at)
     VALUES (?, ?, ?, ?, ?::jsonb, ?, 1, now())
     ON CONFLICT (event, key) WHERE resolved_at IS NULL AND deleted_at IS NULL
     DO UPDATE SET attempts = lot_sync_failure.attempts + 1, message = EXCLUDED.message, input = EXCLUDED.input,
                   workflow_id = EXCLUDED.workflow_id, failed_at = now(), updated_at = now()
     RETURNING id, attempts`,
    [generateEntityId(undefined, "lotsyf"), input.event, input.key, input.workflow_id, JSON.stringify(input.input ?? {}), input.message]
  )
  return rows[0]
}

/** Closes open failures, by id or by (event, key), with a resolution. Returns the ids it closed. */
export async function resolveSyncFailures(
  knex: Knex,
  target: { ids: string[] } | { event: string; key: string },
  resolution: string
): Promise<string[]> {
  if ("ids" in target) {
    if (!target.ids.length) {
      return []
    }
    const { rows } = await knex.raw(
      `UPDATE lot_sync_failure SET resolved_at = now(), resolution = ?, updated_at = now()
        WHERE id IN (${placeholders(target.ids)}) AND resolved_at IS NULL AND deleted_at IS NULL
        RETURNING id`,
      [resolution, ...target.ids]
    )
    return (rows as { id: string }[]).map((r) => r.id)
  }
  const { rows } = await knex.raw(
    `UPDATE lot_sync_failure SET resolved_at = now(), resolution = ?, updated_at = now()
      WHERE event = ? AND key = ? AND resolved_at IS NULL AND deleted_at IS NULL
      RETURNING id`,
    [resolution, target.event, target.key]
  )
  return (rows as { id: string }[]).map((r) => r.id)
}

/** Open failures, oldest first (the partial unique index holds exactly these rows). */
export async function listOpenSyncFailures(knex: Knex): Promise<OpenSyncFailure[]> {
  const { rows } = await knex.raw(
    `SELECT id, event, key, workflow_id, input, message, attempts, failed_at, created_at
       FROM lot_sync_failure WHERE resolved_at IS NULL AND deleted_at IS NULL
      ORDER BY created_at, id`
  )
  return rows
}

/**
 * Opens again failures a reconcile run dismissed (its compensation), unless
 * a newer open failure of the same event and key exists (one open row per
 * event and key). Returns the ids it opened.
 */
export async function reopenSyncFailures(knex: Knex, ids: string[]): Promise<string[]> {
  if (!ids.length) {
    return []
  }
  const { rows } = await knex.raw(
    `UPDATE lot_sync_failure f SET resolved_at = NULL, resolution = NULL, updated_at = now()
      WHERE f.id IN (${placeholders(ids)}) AND f.resolution = 'dismissed' AND f.deleted_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM lot_sync_failure o
           WHERE o.event = f.event AND o.key = f.key AND o.resolved_at IS NULL AND o.deleted_at IS NULL
        )
      RETURNING f.id`,
    ids
  )
  return (rows as { id: string }[]).map((r) => r.id)
}
