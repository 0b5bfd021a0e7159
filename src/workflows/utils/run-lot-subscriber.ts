import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { Resolver } from "../../types/container"


/** What a subscriber run is about, and how reconcile runs it again. */
export type LotSubscriberRun = {
  /** The event handled (`event.name`), e.g. `order.placed`. */
  event: string
  /** What it is about: the order, return or reservation id. One open failure per (event, key). */
  key: string
  /** The workflow reconcile runs again with `input`: it must be idempotent (the plugin's are). */
  workflow_id: string
  input: Record<string, unknown>
}

const MAX_MESSAGE = 2000

/**
 * Runs a plugin subscriber's work and keeps a record when it throws: the
 * event, key, workflow and input, the error message and the time, in
 * `lot_sync_failure` (one open row per event and key; attempts counted), then
 * rethrows so Medusa's event bus sees the failure as before. Reconcile lists
 * open failures and runs their workflow again; a later successful run of the
 * same subscriber closes them.
 */
export async function runLotSubscriber<T>(container: Resolver, run: LotSubscriberRun, fn: () => Promise<T>): Promise<T> {
  const service = lotService(container)
  let result: T
  try {
    result = await fn()
  } catch (e) {
    const message = String((e as Error)?.message ?? e).slice(0, MAX_MESSAGE)
    try {
      await service.recordSyncFailure({ ...run, message })
    } catch (recordError) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .error(`Lot tracking: could not record the failure of ${run.event} for ${run.key} (${message}): ${String((recordError as Error)?.message ?? recordError)}`)
    }
    throw e
  }
  try {
    await service.resolveSyncFailures({ event: run.event, key: run.key }, "succeeded")
  } catch (e) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`Lot tracking: ${run.event} for ${run.key} succeeded, but an earlier failure could not be closed: ${String((e as Error)?.message ?? e)}`)
  }
  return result
}
