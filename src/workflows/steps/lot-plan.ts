import { Modules } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { AllocationOp, UndoEntry } from "../../modules/lot_tracking/allocation-plan"

type Resolver = { resolve: (key: string) => any }

const LOCK_WAIT_SECONDS = 30

export type PlannedLots = { ops: AllocationOp[]; skipped?: string }

/**
 * Plans and applies allocation operations while holding Medusa's lock on the
 * inventory items (the same keys core's reservation and fulfilment steps
 * take), so no other allocation of these items runs between reading the
 * candidates and writing. The stock updates are conditional as well, so work
 * that does not take the lock (a manual write-off) can only make the plan
 * fail, never over-allocate; a failed plan is re-planned a few times.
 */
export async function planAndApplyUnderLock(
  container: Resolver,
  inventoryItemIds: string[],
  plan: () => Promise<PlannedLots>
): Promise<{ undo: UndoEntry[]; ops: AllocationOp[]; skipped?: string }> {
  // Always in the same order: the in-memory provider takes keys one by one, so two
  // orders locking {a, b} and {b, a} could otherwise each hold one and wait on the other.
  const keys = [...new Set(inventoryItemIds)].sort()
  if (!keys.length) {
    return { undo: [], ops: [] }
  }
  const locking = container.resolve(Modules.LOCKING)
  const service = lotService(container)
  // A burst of checkouts queues on the same item: wait longer than the 5 s default rather than fail.
  return locking.execute(keys, async () => {
    for (let attempt = 1; ; attempt++) {
      const planned = await plan()
      if (planned.skipped || !planned.ops.length) {
        return { undo: [], ops: [], skipped: planned.skipped }
      }
      try {
        const undo = await service.applyAllocationPlan(planned.ops)
        return { undo, ops: planned.ops }
      } catch (e) {
        if (attempt >= 3) {
          throw e
        }
      }
    }
  }, { timeout: LOCK_WAIT_SECONDS })
}

/** Undoes an applied plan: the compensation of every step and hook that applied one. */
export const revertLotPlan = async (undo: UndoEntry[] | undefined, container: Resolver) => {
  if (undo?.length) {
    await lotService(container).revertAllocationPlan(undo)
  }
}
