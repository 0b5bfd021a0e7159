import { generateEntityId } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { pgConnection, type ExpiryLot, type ExpiryWatchState } from "../expiry-lots"

export type ClaimedExpiryAlert = { id: string; lot_id: string; state: ExpiryWatchState }

type Undo = { inserted: string[]; superseded: string[] }

export const claimExpiryAlertsStepId = "claim-expiry-alerts"

/**
 * Claims the right to announce each lot in its state by inserting its
 * `lot_expiry_alert` row: the unique (lot_id, state) index decides, so two
 * runs at once (the daily job and the admin's "run now", or two instances)
 * announce a lot once. An alert for an older expiry date of the lot (the date
 * was corrected since) is superseded (soft-deleted) so the lot is announced
 * again. Only lots this run claimed are announced. Compensation gives the
 * claims back, so a run that fails later announces them next time.
 */
export const claimExpiryAlertsStep = createStep(
  claimExpiryAlertsStepId,
  async (lots: ExpiryLot[], { container }) => {
    if (!lots.length) {
      return new StepResponse([] as ClaimedExpiryAlert[], { inserted: [], superseded: [] } as Undo)
    }
    const knex = pgConnection(container)
    const lotIds = lots.map((l) => l.id)
    const states = lots.map((l) => l.state)
    const dates = lots.map((l) => l.expires_at)
    const result = await knex.transaction(async (trx) => {
      const superseded = await trx.raw(
        `UPDATE lot_expiry_alert e SET deleted_at = now(), updated_at = now()
           FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS c(lot_id, state, expires_at)
          WHERE e.lot_id = c.lot_id AND e.state = c.state AND e.expires_at <> c.expires_at AND e.deleted_at IS NULL
          RETURNING e.id`,
        [lotIds, states, dates]
      )
      const inserted = await trx.raw(
        `INSERT INTO lot_expiry_alert (id, lot_id, state, expires_at, stocked_quantity)
         SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS int[]))
         ON CONFLICT (lot_id, state) WHERE deleted_at IS NULL DO NOTHING
         RETURNING id, lot_id, state`,
        [lots.map(() => generateEntityId(undefined, "lotexp")), lotIds, states, dates, lots.map((l) => l.stocked_quantity)]
      )
      return {
        superseded: (superseded.rows as { id: string }[]).map((r) => r.id),
        inserted: inserted.rows as ClaimedExpiryAlert[],
      }
    })
    return new StepResponse(result.inserted, { inserted: result.inserted.map((r) => r.id), superseded: result.superseded })
  },
  async (undo, { container }) => {
    if (!undo || (!undo.inserted.length && !undo.superseded.length)) {
      return
    }
    await pgConnection(container).transaction(async (trx) => {
      if (undo.inserted.length) {
        await trx.raw(`DELETE FROM lot_expiry_alert WHERE id = ANY(CAST(? AS text[]))`, [undo.inserted])
      }
      if (undo.superseded.length) {
        await trx.raw(`UPDATE lot_expiry_alert SET deleted_at = NULL, updated_at = now() WHERE id = ANY(CAST(? AS text[]))`, [
          undo.superseded,
        ])
      }
    })
  }
)
