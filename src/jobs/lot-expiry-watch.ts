import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { expiryWatchWorkflow } from "../workflows/expiry-watch"

/**
 * The daily expiry watch: announces lots entering their warning window and
 * lots expired with stock on hand (admin feed notifications and the events
 * `lot.expiring` / `lot.expired`, once per lot and state) and, with the
 * option `auto_write_off_expired`, writes off expired unreserved stock.
 * "Today" is the scheduled time's calendar day in the plugin's `time_zone`.
 * Running it more often, or again by hand, announces nothing twice.
 */
export default async function lotExpiryWatchJob(container: MedusaContainer, context?: { scheduledFor?: Date }) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { result } = await expiryWatchWorkflow(container).run({
    input: { now: context?.scheduledFor ? new Date(context.scheduledFor).toISOString() : null },
  })
  logger.info(
    `Lot expiry watch for ${result.today}: ${result.announced.expiring.length} lots announced as expiring, ` +
      `${result.announced.expired.length} as expired, ${result.already_announced} already announced` +
      (result.auto_write_off
        ? `, ${result.written_off.reduce((s, w) => s + w.quantity, 0)} expired units written off` +
          (result.write_off_failures.length ? ` (${result.write_off_failures.length} write-offs failed, retried next run)` : "")
        : "")
  )
  return result
}

export const config = {
  name: "lot-expiry-watch",
  // 06:00 server time (UTC on most hosts): the expiry day has begun in every
  // time zone from UTC-6 to UTC+14, and it is early in Europe's working day.
  schedule: "0 6 * * *",
}
