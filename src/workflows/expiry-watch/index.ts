import { emitEventStep } from "@medusajs/medusa/core-flows"
import { LotExpiryEvents } from "../../lib/lot-events"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { claimExpiryAlertsStep } from "./steps/claim-expiry-alerts"
import { findExpiryLotsStep } from "./steps/find-expiry-lots"
import { reconcileLotHoldsStep } from "./steps/reconcile-lot-holds"
import { notifyExpiryStep, type ExpiryAnnouncement } from "./steps/notify-expiry"
import { writeOffExpiredLotsStep, type ExpiryWriteOff, type ExpiryWriteOffFailure } from "./steps/write-off-expired-lots"

export type { ExpiryListLot, ExpiryLotStock, ExpiryWatchState, ExpirySummary } from "../../read-models/expiry-lots"
export type { ExpiryAnnouncement } from "./steps/notify-expiry"
export type { ExpiryWriteOff, ExpiryWriteOffFailure } from "./steps/write-off-expired-lots"

/** Events the expiry watch emits, once per lot and state (payload: `ExpiryAnnouncement`); named with the others in src/lib/lot-events.ts. */
export { LotExpiryEvents }

export type ExpiryWatchInput = {
  /** ISO instant the run is for (the job passes its scheduled time); defaults to now. */
  now?: string | null
  /** Write off expired, unreserved stock in this run; defaults to the plugin option `auto_write_off_expired`. */
  auto_write_off?: boolean | null
  /** Who ran it (an admin through `POST /admin/lot-tracking/expiry/run`); recorded on write-offs. */
  actor_id?: string | null
}

export type ExpiryWatchResult = {
  today: string
  auto_write_off: boolean
  /** Lots announced by this run (each lot once per state, ever). */
  announced: { expiring: ExpiryAnnouncement[]; expired: ExpiryAnnouncement[] }
  /** Lots in a state that earlier runs already announced. */
  already_announced: number
  written_off: ExpiryWriteOff[]
  write_off_failures: ExpiryWriteOffFailure[]
  /** Holds recomputed: (item, location) pairs checked and holds changed (e.g. lots that expired at midnight). */
  holds: { pairs_checked: number; holds_changed: number }
}

export const expiryWatchWorkflowId = "lot-expiry-watch"

/**
 * Expiry watch, run once per merchant's day by the hourly job
 * `src/jobs/lot-expiry-watch.ts` and on demand by
 * `POST /admin/lot-tracking/expiry/run`:
 * 1. find lots of tracked items with stock on hand that are expired or inside
 *    their item's warning window, by the one expiry rule, today in the
 *    plugin's time zone;
 * 2. with `auto_write_off_expired`, write off their unreserved units (reason
 *    `expired`, through `writeOffLotStockWorkflow`, which keeps the invariant);
 * 3. claim an alert row per lot and state not announced before;
 * 4. send one admin feed notification per claimed lot and state;
 * 5. emit `lot.expiring` / `lot.expired` for them (after the run succeeds);
 * 6. recompute every hold, so expired lots' units are held back from sale
 *    (by the real clock: holds follow today, whatever `now` the run is for).
 */
export const expiryWatchWorkflow = createWorkflow(expiryWatchWorkflowId, (input: ExpiryWatchInput) => {
  const found = findExpiryLotsStep(
    transform({ input }, ({ input }) => ({ now: input.now ?? null, auto_write_off: input.auto_write_off ?? null }))
  )
  const writeOffs = writeOffExpiredLotsStep(
    transform({ found, input }, ({ found, input }) => ({
      enabled: found.auto_write_off,
      today: found.today,
      lots: found.lots,
      actor_id: input.actor_id ?? null,
    }))
  )
  const holds = reconcileLotHoldsStep({ run: true })
  const claimed = claimExpiryAlertsStep(transform({ found }, ({ found }) => found.to_announce))
  const announcements = notifyExpiryStep(
    transform({ found, claimed, writeOffs }, ({ found, claimed, writeOffs }) => ({
      today: found.today,
      claimed,
      lots: found.to_announce,
      written_off: writeOffs.written_off,
    }))
  )
  const events = transform({ announcements }, ({ announcements }) => ({
    expiring: announcements.filter((a) => a.state === "expiring").map(eventPayload),
    expired: announcements.filter((a) => a.state === "expired").map(eventPayload),
  }))
  emitEventStep({ eventName: LotExpiryEvents.EXPIRING, data: events.expiring }).config({ name: "emit-lot-expiring" })
  emitEventStep({ eventName: LotExpiryEvents.EXPIRED, data: events.expired }).config({ name: "emit-lot-expired" })

  const result = transform(
    { found, writeOffs, announcements, holds },
    ({ found, writeOffs, announcements, holds }): ExpiryWatchResult => ({
      today: found.today,
      auto_write_off: found.auto_write_off,
      announced: {
        expiring: announcements.filter((a) => a.state === "expiring"),
        expired: announcements.filter((a) => a.state === "expired"),
      },
      already_announced: found.lots.length - announcements.length,
      written_off: writeOffs.written_off,
      write_off_failures: writeOffs.failures,
      holds,
    })
  )
  return new WorkflowResponse(result)
})

function eventPayload(a: ExpiryAnnouncement) {
  const { title: _title, description: _description, ...data } = a
  return data
}
