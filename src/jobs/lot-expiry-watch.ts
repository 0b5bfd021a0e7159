import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { lotService } from "../modules/lot_tracking/resolve"
import { expiryWatchWorkflow } from "../workflows/expiry-watch"

export const EXPIRY_WATCH_JOB = "lot-expiry-watch"

/**
 * The expiry watch on the merchant's day. It wakes every hour and acts once
 * per calendar day in the plugin's `time_zone`: on the first hour of a new
 * local day it holds back expired lots from sale, announces lots expiring or
 * expired (admin feed and the events `lot.expiring` / `lot.expired`, once per
 * lot and state) and, with `auto_write_off_expired`, writes off expired
 * unreserved stock. Every other hour costs one statement. The day is claimed
 * atomically (several instances act once) and given back if the run fails,
 * so the next hour tries again.
 */
export default async function lotExpiryWatchJob(container: MedusaContainer, context?: { scheduledFor?: Date }) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const service = lotService(container)
  const now = context?.scheduledFor ? new Date(context.scheduledFor) : new Date()
  const today = await service.today(now)
  const claim = await service.claimDailyRun(EXPIRY_WATCH_JOB, today)
  if (!claim.claimed) {
    return null
  }
  try {
    const { result } = await expiryWatchWorkflow(container).run({ input: { now: now.toISOString() } })
    logger.info(
      `Lot expiry watch for ${result.today}: ${result.announced.expiring.length} lots announced as expiring, ` +
        `${result.announced.expired.length} as expired, ${result.already_announced} already announced, ` +
        `${result.holds.holds_changed} holds changed` +
        (result.auto_write_off
          ? `, ${result.written_off.reduce((s, w) => s + w.quantity, 0)} expired units written off` +
            (result.write_off_failures.length ? ` (${result.write_off_failures.length} write-offs failed, retried next run)` : "")
          : "")
    )
    return result
  } catch (e) {
    await service.releaseDailyRun(EXPIRY_WATCH_JOB, today, claim.previous)
    throw e
  }
}

export const config = {
  name: EXPIRY_WATCH_JOB,
  // Hourly: a new local day begins within the hour in every time zone
  // (including those west of UTC-6 and the half-hour ones).
  schedule: "0 * * * *",
}
