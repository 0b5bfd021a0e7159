import { MedusaError, Modules } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { Resolver } from "../../types/container"

/** The lock providers' message when a waiter gives up (in-memory, Redis and Postgres providers). */
const LOCK_TIMEOUT = /timed-out acquiring lock/i

export function isLockTimeout(e: unknown): boolean {
  return LOCK_TIMEOUT.test(String((e as Error)?.message ?? e))
}

/** The plugin's own lock key of an inventory item: lot operations on the item take it, core never does. */
export const lotLockKey = (inventoryItemId: string) => `lot:${inventoryItemId}`

type LockScope = { keys: string[]; label: (items: string[]) => string }

/**
 * The lease of a held key with the Redis provider (renewed every third of it
 * while the work runs): what frees the keys of an instance that died holding
 * them. Short, so a killed worker blocks lot work on its items for seconds,
 * not the provider's default minute. (The Postgres provider's advisory locks
 * end with the dead connection; the in-memory one dies with its process.)
 */
export const LOCK_LEASE_SECONDS = 10

/**
 * Takes `keys` one at a time in sorted order, then runs `job`. With several
 * keys it first waits until each is free while holding none, so a caller
 * rarely holds one key while it waits for the next (which would make
 * everyone queued on the first key wait as well: the tail of a sale with
 * shared items). One key per `execute` call, so a waiter never holds a
 * half-taken set of keys: with Medusa's in-memory provider a multi-key
 * waiter that times out keeps the keys it already took until its blocker
 * lets go, and two such waiters with crossed keys keep each other's forever.
 * Here a waiter that gives up holds nothing it waited for, and the keys taken
 * before are released on the way out. Sorted order means two of the plugin's
 * callers never wait on each other in a cycle. The whole wait is bounded by
 * `timeoutSeconds` (each key gets what is left, at least the provider's
 * minimum of 1 s).
 */
async function lockInOrder<T>(container: Resolver, keys: string[], timeoutSeconds: number, job: () => Promise<T>): Promise<T> {
  const locking = container.resolve(Modules.LOCKING)
  const deadline = Date.now() + timeoutSeconds * 1000
  const left = () => Math.max(1, Math.ceil((deadline - Date.now()) / 1000))
  if (keys.length > 1) {
    // First wait until each key is free, holding none: a caller that holds one key while it waits
    // for the next makes everyone behind the first key wait too. Then take them all, sorted.
    for (const key of keys) {
      await locking.execute([key], async () => undefined, { timeout: left(), expire: LOCK_LEASE_SECONDS })
    }
  }
  const take = (i: number): Promise<T> => {
    if (i === keys.length) {
      return job()
    }
    return locking.execute([keys[i]], () => take(i + 1), { timeout: left(), expire: LOCK_LEASE_SECONDS })
  }
  return take(0)
}

async function withLock<T>(container: Resolver, scope: LockScope, items: string[], job: () => Promise<T>): Promise<T> {
  if (!scope.keys.length) {
    return job()
  }
  const { lock_timeout_seconds } = await lotService(container).getOptions()
  try {
    return await lockInOrder(container, scope.keys, lock_timeout_seconds, job)
  } catch (e) {
    if (isLockTimeout(e)) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `${scope.label(items)} ${items.length === 1 ? "is" : "are"} busy with other stock operations (waited ${lock_timeout_seconds} s); nothing was changed, please try again`
      )
    }
    throw e
  }
}

const itemsLabel = (items: string[]) => `Inventory ${items.length === 1 ? "item" : "items"} ${items.join(", ")}`

/**
 * Runs `job` holding the plugin's lock on the inventory items' lots
 * (`lot:<item id>`): every read-plan-write of lot stock, allocations,
 * serials and lot statuses takes it, so two of them never interleave on an
 * item. Core's checkout never waits on it: core takes the inventory item id
 * itself as its key, and the plugin takes that key only around its own calls
 * to core's inventory operations (`withInventoryLock`). Correctness against
 * work that does not take the lock rests on the conditional updates and
 * CHECKs of the lot tables. A wait longer than the plugin's
 * `lock_timeout_seconds` answers 409 with a message to retry, never a 500:
 * the operation changed nothing and can simply be sent again.
 */
export async function withLotLock<T>(container: Resolver, inventoryItemIds: string[], job: () => Promise<T>): Promise<T> {
  const items = [...new Set(inventoryItemIds)].sort()
  return withLock(container, { keys: items.map(lotLockKey), label: itemsLabel }, items, job)
}

/**
 * Runs `job` holding Medusa's own lock on the inventory items (the keys
 * core's reservation and inventory steps take): only around the plugin's
 * calls to core's inventory module (hold reservations, new inventory
 * levels), whose level updates are read-modify-write. Taken after the lot
 * lock when both are needed, never the other way round, so the two
 * namespaces cannot wait on each other in a cycle.
 */
export async function withInventoryLock<T>(container: Resolver, inventoryItemIds: string[], job: () => Promise<T>): Promise<T> {
  const items = [...new Set(inventoryItemIds)].sort()
  return withLock(container, { keys: items, label: itemsLabel }, items, job)
}
