import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import { planAndApplyUnderLock, revertLotPlan } from "../../utils/lot-plan"

export const releaseOrderLotsStepId = "release-order-lots"

/** A canceled order frees every lot unit still reserved for it and clears its shortfalls. */
export const releaseOrderLotsStep = createStep(
  releaseOrderLotsStepId,
  async (input: { order_id: string; reason?: string; actor_id?: string | null }, { container }) => {
    const service = lotService(container)
    // Which items to lock is read first; what to release is read again under the lock.
    const [before, shortBefore] = await Promise.all([
      service.listLotAllocations({ order_id: input.order_id, status: "reserved" }, { select: ["inventory_item_id"] }),
      service.listLotShortfalls({ order_id: input.order_id }, { select: ["inventory_item_id"] }),
    ])
    let released = 0
    const result = await planAndApplyUnderLock(
      container,
      [...before.map((a) => a.inventory_item_id), ...shortBefore.map((s) => s.inventory_item_id)],
      async () => {
        const [open, shortfalls] = await Promise.all([
          service.listLotAllocations({ order_id: input.order_id, status: "reserved" }),
          service.listLotShortfalls({ order_id: input.order_id }),
        ])
        released = open.length
        return {
          ops: [
            ...open.map(
              (a): AllocationOp => ({ kind: "release", allocation_id: a.id, quantity: a.quantity, reason: input.reason ?? "order canceled", actor_id: input.actor_id })
            ),
            ...shortfalls.map((s): AllocationOp => ({ kind: "shortfall", ...s, quantity: 0 })),
          ],
          // Units released on a blocked lot are held back from sale.
          holds: open.map((a) => ({ inventory_item_id: a.inventory_item_id, location_id: a.location_id })),
        }
      }
    )
    return new StepResponse({ released, undo: result.undo }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
