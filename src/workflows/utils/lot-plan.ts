import { MedusaError } from "@medusajs/framework/utils"
import { PlanRefusal } from "../../lib/plan-refusal"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { AllocationOp, UndoEntry } from "../../modules/lot_tracking/allocation-plan"
import type { ItemLocation } from "../../modules/lot_tracking/service"
import { pairsWithStaleHolds, revertHoldsLocked, syncHoldsLocked, type HoldUndo } from "./lot-holds"
import { withInventoryLock, withLotLock } from "./lot-lock"
import type { Resolver } from "../../types/container"

/** The compensation data of a lot plan: the plan's undo log plus the holds it moved. */
export type LotPlanUndo = UndoEntry | HoldUndo

/** A pure planner's refusal (`src/lib/plan-refusal.ts`) as the MedusaError of the same type; anything else unchanged. */
export function asMedusaError(e: unknown): unknown {
  return e instanceof PlanRefusal ? new MedusaError(e.type, e.message) : e
}

/** Runs a pure check or planner, answering its refusal as a MedusaError. */
export function refuseAsMedusaError<T>(plan: () => T): T {
  try {
    return plan()
  } catch (e) {
    throw asMedusaError(e)
  }
}

export type PlannedLots = {
  ops: AllocationOp[]
  skipped?: string
  /** (item, location) pairs whose hold may have changed: synced after the plan, under the same lock. */
  holds?: ItemLocation[]
}

/**
 * Plans and applies allocation operations while holding the plugin's lock on
 * the inventory items' lots (`withLotLock`), so no other allocation of these
 * items runs between reading the lots and writing. The planner must read everything it decides on (lots,
 * statuses, reservations) inside `plan`, i.e. under the lock. The stock
 * updates are conditional as well (and refuse blocked lots), so work that
 * does not take the lock can only make the plan fail, never over-allocate or
 * ship a blocked lot; a failed plan is re-planned on fresh data a few times.
 * The holds of the pairs the planner names are synced before the lock is
 * released, under core's lock on the items whose hold must change only (a
 * hold is a core reservation). A refusal of a pure planner becomes a MedusaError.
 */
export async function planAndApplyUnderLock(
  container: Resolver,
  inventoryItemIds: string[],
  plan: () => Promise<PlannedLots>
): Promise<{ undo: LotPlanUndo[]; ops: AllocationOp[]; skipped?: string }> {
  if (!inventoryItemIds.length) {
    return { undo: [], ops: [] }
  }
  const service = lotService(container)
  return withLotLock(container, inventoryItemIds, async () => {
    for (let attempt = 1; ; attempt++) {
      let planned: PlannedLots
      try {
        planned = await plan()
      } catch (e) {
        throw asMedusaError(e)
      }
      if (planned.skipped || (!planned.ops.length && !planned.holds?.length)) {
        return { undo: [], ops: [], skipped: planned.skipped }
      }
      let undo: LotPlanUndo[] = []
      try {
        undo = await service.applyAllocationPlan(planned.ops)
      } catch (e) {
        if (attempt >= 3) {
          throw e
        }
        continue
      }
      try {
        // Core's key only where a hold must change (a blocked lot met whose hold is right needs none).
        const stale = planned.holds?.length ? await pairsWithStaleHolds(container, planned.holds) : []
        if (stale.length) {
          const held = await withInventoryLock(container, stale.map((p) => p.inventory_item_id), () => syncHoldsLocked(container, stale))
          undo = [...undo, ...held]
        }
      } catch (e) {
        await service.revertAllocationPlan(undo as UndoEntry[])
        throw e
      }
      return { undo, ops: planned.ops }
    }
  })
}

/** Undoes an applied plan and the holds it moved: the compensation of every step and hook that applied one. */
export const revertLotPlan = async (undo: LotPlanUndo[] | undefined, container: Resolver) => {
  if (!undo?.length) {
    return
  }
  const holds = undo.filter((u): u is HoldUndo => u.t === "hold")
  const plan = undo.filter((u): u is UndoEntry => u.t !== "hold")
  const itemIds = [...new Set(holds.map((h) => h.inventory_item_id))]
  await withLotLock(container, itemIds, async () => {
    if (holds.length) {
      await withInventoryLock(container, itemIds, () => revertHoldsLocked(container, holds))
    }
    if (plan.length) {
      await lotService(container).revertAllocationPlan(plan)
    }
  })
}
