import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { localHour } from "../lib/reconcile"
import { lotService } from "../modules/lot_tracking/resolve"
import { reconcileLotTrackingWorkflow } from "../workflows/reconcile-lot-tracking"
import { rerunLotSyncFailuresWorkflow } from "../workflows/rerun-lot-sync-failures"

export const RECONCILE_JOB = "lot-reconcile"

/** The merchant's local hour from which the daily reconcile acts. */
export const RECONCILE_FROM_HOUR = 3

/**
 * The daily reconcile. It wakes every hour (a quarter past, away from the
 * expiry watch on the hour) and acts once per calendar day in the plugin's
 * `time_zone`, at the first wake from 03:00 local time: after the expiry
 * watch has held back the lots that expired at midnight (so they are not
 * reported as hold drift), at a quiet hour. It runs every safe repair
 * (`reconcile-lot-tracking`) and reports what is left as one admin feed
 * notification. The day is claimed atomically (several instances act once)
 * and given back if the run fails, so the next hour tries again; a missed
 * 03:00 (server down) is caught up at the next wake the same day. Every
 * other wake runs the open subscriber failures again (when there are any),
 * so a failed allocation waits an hour at most.
 */
export default async function lotReconcileJob(container: MedusaContainer, context?: { scheduledFor?: Date }) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const service = lotService(container)
  const now = context?.scheduledFor ? new Date(context.scheduledFor) : new Date()
  const { time_zone } = await service.getOptions()
  const rerunFailures = async () => {
    if (!(await service.listOpenSyncFailures()).length) {
      return null
    }
    const { result } = await rerunLotSyncFailuresWorkflow(container).run()
    const ok = result.rerun.filter((r) => r.ok).length
    logger.info(`Lot reconcile: ${ok} of ${result.rerun.length} failed subscriber runs repaired`)
    return { failed_syncs: result.rerun }
  }
  if (localHour(now, time_zone) < RECONCILE_FROM_HOUR) {
    return rerunFailures()
  }
  const today = await service.today(now)
  const claim = await service.claimDailyRun(RECONCILE_JOB, today)
  if (!claim.claimed) {
    return rerunFailures()
  }
  try {
    const { result } = await reconcileLotTrackingWorkflow(container).run({ input: { notify: true, today } })
    const left = result.remaining.summary
    logger.info(
      `Lot reconcile for ${today}: ${result.total_repaired} differences repaired, ${left.total} left` +
        (left.total ? ` (${left.repairable} repairable later, e.g. lines still changing)` : "") +
        (result.notification_id ? "; admin notified" : "")
    )
    // Expired Idempotency-Key answers (kept `idempotency_key_hours`) go with the daily run; a failure here is retried tomorrow.
    await service
      .sweepExpiredIdempotencyKeys(now)
      .then((n) => n && logger.info(`Lot reconcile: ${n} expired idempotency keys removed`))
      .catch((e) => logger.warn(`Lot reconcile: expired idempotency keys not removed (${(e as Error).message})`))
    return result
  } catch (e) {
    await service.releaseDailyRun(RECONCILE_JOB, today, claim.previous)
    throw e
  }
}

export const config = {
  name: RECONCILE_JOB,
  schedule: "15 * * * *",
}
