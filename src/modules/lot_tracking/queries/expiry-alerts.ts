import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "./knex"

export type ExpiryAlertState = "expiring" | "expired"

/** A lot to announce in a state, as the expiry watch found it. */
export type ExpiryAlertClaim = { lot_id: string; state: ExpiryAlertState; expires_at: string; stocked_quantity: number }

export type ClaimedExpiryAlert = { id: string; lot_id: string; state: ExpiryAlertState }

/** What `releaseExpiryAlerts` needs to give claims back: the alert rows inserted and superseded. */
export type ExpiryAlertClaimUndo = { inserted: string[]; superseded: string[] }

/**
 * Claims the right to announce each lot in its state by inserting its
 * `lot_expiry_alert` row: the unique (lot_id, state) index decides, so two
 * runs at once announce a lot once. An alert for an older expiry date of the
 * lot (the date was corrected since) is superseded (soft-deleted) so the lot
 * is announced again. Returns the alerts this call claimed.
 */
export async function claimExpiryAlerts(
  knex: Knex,
  lots: ExpiryAlertClaim[]
): Promise<{ claimed: ClaimedExpiryAlert[]; undo: ExpiryAlertClaimUndo }> {
  if (!lots.length) {
    return { claimed: [], undo: { inserted: [], superseded: [] } }
  }
  const lotIds = lots.map((l) => l.lot_id)
  const states = lots.map((l) => l.state)
  const dates = lots.map((l) => l.expires_at)
  const superseded = await knex.raw(
    `UPDATE lot_expiry_alert e SET deleted_at = now(), updated_at = now()
       FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS c(lot_id, state, expires_at)
      WHERE e.lot_id = c.lot_id AND e.state = c.state AND e.expires_at <> c.expires_at AND e.deleted_at IS NULL
      RETURNING e.id`,
    [lotIds, states, dates]
  )
  const inserted = await knex.raw(
    `INSERT INTO lot_expiry_alert (id, lot_id, state, expires_at, stocked_quantity)
     SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS int[]))
     ON CONFLICT (lot_id, state) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id, lot_id, state`,
    [lots.map(() => generateEntityId(undefined, "lotexp")), lotIds, states, dates, lots.map((l) => l.stocked_quantity)]
  )
  const claimed = inserted.rows as ClaimedExpiryAlert[]
  return {
    claimed,
    undo: { inserted: claimed.map((r) => r.id), superseded: (superseded.rows as { id: string }[]).map((r) => r.id) },
  }
}

/** Gives claims back (compensation): removes the inserted alerts and restores the superseded ones. */
export async function releaseExpiryAlerts(knex: Knex, undo: ExpiryAlertClaimUndo): Promise<void> {
  if (undo.inserted.length) {
    await knex.raw(`DELETE FROM lot_expiry_alert WHERE id = ANY(CAST(? AS text[]))`, [undo.inserted])
  }
  if (undo.superseded.length) {
    await knex.raw(`UPDATE lot_expiry_alert SET deleted_at = NULL, updated_at = now() WHERE id = ANY(CAST(? AS text[]))`, [
      undo.superseded,
    ])
  }
}
