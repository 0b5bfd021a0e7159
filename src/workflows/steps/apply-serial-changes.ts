import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { AllocationOp, UndoEntry } from "../../modules/lot_tracking/allocation-plan"
import { withLotLock } from "../utils/lot-lock"

export const applySerialChangesStepId = "apply-serial-changes"

/**
 * The serials of a stock change (receipt, write-off, transfer), applied in
 * one transaction after the lot stock moved: new serials, or serials leaving
 * a location. Refused as a whole when a serial is taken or not there; the
 * compensation removes or restores exactly what it changed.
 */
export const applySerialChangesStep = createStep(
  applySerialChangesStepId,
  async (input: { ops: AllocationOp[]; inventory_item_ids: string[] }, { container }) => {
    if (!input.ops?.length) {
      return new StepResponse(undefined, [] as UndoEntry[])
    }
    // Under the items' lock, like every allocation plan: a fulfilment cannot take a serial half-way through.
    const undo = await withLotLock(container, input.inventory_item_ids, () => lotService(container).applyAllocationPlan(input.ops))
    return new StepResponse(undefined, undo)
  },
  async (undo, { container }) => {
    if (undo?.length) {
      await lotService(container).revertAllocationPlan(undo)
    }
  }
)
