import { MedusaError, Modules } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { Resolver } from "../../types/container"

/** The lock providers' message when a waiter gives up (in-memory, Redis and Postgres providers). */
const LOCK_TIMEOUT = /timed-out acquiring lock/i

export function isLockTimeout(e: unknown): boolean {
  return LOCK_TIMEOUT.test(String((e as Error)?.message ?? e))
}

/**
 * Runs `job` holding Medusa's lock on the inventory items (the keys core's
 * reservation and inventory steps take), keys sorted so two callers never
 * wait on each other. A wait longer than the plugin's `lock_timeout_seconds`
 * answers 409 with a message to retry, never a 500: the operation changed
 * nothing and can simply be sent again.
 */
export async function withItemLock<T>(container: Resolver, inventoryItemIds: string[], job: () => Promise<T>): Promise<T> {
  const keys = [...new Set(inventoryItemIds)].sort()
  if (!keys.length) {
    return job()
  }
  const { lock_timeout_seconds } = await lotService(container).getOptions()
  try {
    return await container.resolve(Modules.LOCKING).execute(keys, job, { timeout: lock_timeout_seconds })
  } catch (e) {
    if (isLockTimeout(e)) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Inventory ${keys.length === 1 ? "item" : "items"} ${keys.join(", ")} ${keys.length === 1 ? "is" : "are"} busy with other stock operations (waited ${lock_timeout_seconds} s); nothing was changed, please try again`
      )
    }
    throw e
  }
}
