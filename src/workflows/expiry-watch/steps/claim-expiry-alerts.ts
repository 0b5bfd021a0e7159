import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { ClaimedExpiryAlert, ExpiryAlertClaimUndo } from "../../../modules/lot_tracking/service"
import type { ExpiryListLot } from "../../../read-models/expiry-lots"

export type { ClaimedExpiryAlert }

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
  async (lots: ExpiryListLot[], { container }) => {
    const { claimed, undo } = await lotService(container).claimExpiryAlerts(
      lots.map((l) => ({ lot_id: l.id, state: l.state, expires_at: l.expires_at, stocked_quantity: l.stocked_quantity }))
    )
    return new StepResponse(claimed, undo)
  },
  async (undo: ExpiryAlertClaimUndo | undefined, { container }) => {
    if (undo) {
      await lotService(container).releaseExpiryAlerts(undo)
    }
  }
)
