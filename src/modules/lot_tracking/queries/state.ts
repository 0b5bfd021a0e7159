import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "./knex"

/**
 * Claims a job's run for a calendar day: claimed (and the day recorded) only
 * for the first caller on a new day, in one atomic upsert, so an hourly job
 * on several instances acts once per day. Returns the day it replaced, for
 * `releaseDailyRun` when the run fails.
 */
export async function claimDailyRun(knex: Knex, job: string, day: string): Promise<{ claimed: boolean; previous: string | null }> {
  const key = `${job}:last_day`
  const { rows: before } = await knex.raw(`SELECT value FROM lot_tracking_state WHERE key = ? AND deleted_at IS NULL`, [key])
  const { rows } = await knex.raw(
    `INSERT INTO lot_tracking_state (id, key, value) VALUES (?, ?, ?)
     ON CONFLICT (key) WHERE deleted_at IS NULL
     DO UPDATE SET value = EXCLUDED.value, updated_at = now()
     WHERE lot_tracking_state.value <> EXCLUDED.value
     RETURNING id`,
    [generateEntityId(undefined, "lotst"), key, day]
  )
  return { claimed: rows.length > 0, previous: before[0]?.value ?? null }
}

/** Gives a claimed day back after a failed run, so the next hour tries again. */
export async function releaseDailyRun(knex: Knex, job: string, day: string, previous: string | null): Promise<void> {
  const key = `${job}:last_day`
  if (previous === null) {
    await knex.raw(`DELETE FROM lot_tracking_state WHERE key = ? AND value = ?`, [key, day])
  } else {
    await knex.raw(`UPDATE lot_tracking_state SET value = ?, updated_at = now() WHERE key = ? AND value = ?`, [previous, key, day])
  }
}
