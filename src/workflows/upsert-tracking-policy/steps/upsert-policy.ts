import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { assertInventoryItemsExist } from "../../utils/lookups"
import type { UpsertTrackingPolicyInput } from "../index"

export const upsertPolicyStepId = "upsert-lot-tracking-policy"

type PolicyUndo = { created_id?: string; previous?: Record<string, unknown> }

export const upsertPolicyStep = createStep(
  upsertPolicyStepId,
  async (input: UpsertTrackingPolicyInput, { container }) => {
    const service = lotService(container)
    await assertInventoryItemsExist(container, [input.inventory_item_id])
    const [existing] = await service.listLotTrackingPolicies({ inventory_item_id: input.inventory_item_id })
    if (existing) {
      const { id, tracked, strategy, min_shelf_life_days, expiry_warning_days, require_expiry } = existing
      const { serialized, serial_pattern, serial_capture, serial_scope } = existing
      const updated = await service.updateLotTrackingPolicies({ id, ...input } as any)
      const undo: PolicyUndo = {
        previous: {
          id,
          tracked,
          strategy,
          min_shelf_life_days,
          expiry_warning_days,
          require_expiry,
          serialized,
          serial_pattern,
          serial_capture,
          serial_scope,
        },
      }
      return new StepResponse(updated, undo)
    }
    const created = await service.createLotTrackingPolicies({ tracked: true, ...input } as any)
    const undo: PolicyUndo = { created_id: created.id }
    return new StepResponse(created, undo)
  },
  async (undo: PolicyUndo | undefined, { container }) => {
    if (!undo) {
      return
    }
    const service = lotService(container)
    if (undo.created_id) {
      await service.deleteLotTrackingPolicies([undo.created_id])
    } else if (undo.previous) {
      await service.updateLotTrackingPolicies(undo.previous as any)
    }
  }
)
