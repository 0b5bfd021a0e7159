import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import { isTransientFailure, retryDelayMs } from "../../lib/transient-failure"
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

/** Attempts of a subscriber's work before its failure is recorded: a busy item is usually free a moment later. */
export const SUBSCRIBER_ATTEMPTS = 4

export type RetryOptions = {
  attempts?: number
  /** How to wait between attempts (tests pass one that does not sleep). */
  sleep?: (ms: number) => Promise<void>
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs `fn`, trying again with backoff (about 0.2, 0.8, 3.2 s) while it fails
 * transiently (a lock wait that timed out, a serialization failure or
 * deadlock): the plugin's workflows are idempotent and change nothing when
 * they fail, so another attempt is safe. Any other failure is thrown at once.
 */
export async function withTransientRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? SUBSCRIBER_ATTEMPTS)
  const sleep = options.sleep ?? sleepFor
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (e) {
      if (attempt >= attempts || !isTransientFailure(e)) {
        throw e
      }
      await sleep(retryDelayMs(attempt))
    }
  }
}

/**
 * Runs a plugin subscriber's work, trying again a bounded number of times
 * while it fails transiently (`withTransientRetry`), and keeps a record when
 * it still throws: the event, key, workflow and input, the error message and
 * the time, in `lot_sync_failure` (one open row per event and key; attempts
 * counted), then rethrows so Medusa's event bus sees the failure as before.
 * Reconcile lists open failures and runs their workflow again; a later
 * successful run of the same subscriber closes them.
 */
export async function runLotSubscriber<T>(
  container: Resolver,
  run: LotSubscriberRun,
  fn: () => Promise<T>,
  retry: RetryOptions = {}
): Promise<T> {
  const service = lotService(container)
  let result: T
  try {
    result = await withTransientRetry(fn, retry)
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
