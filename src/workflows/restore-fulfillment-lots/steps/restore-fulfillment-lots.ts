import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { planAndApplyUnderLock, revertLotPlan } from "../../utils/lot-plan"

export const restoreFulfillmentLotsStepId = "restore-fulfillment-lots"

/**
 * A canceled fulfilment puts back exactly the lot units it took and makes
 * them reserved for the line again, as Medusa does with its reservation.
 */
export const restoreFulfillmentLotsStep = createStep(
  restoreFulfillmentLotsStepId,
  async (input: { fulfillment_id: string; actor_id?: string | null }, { container }) => {
    const service = lotService(container)
    const before = await service.listLotAllocations({ fulfillment_id: input.fulfillment_id, status: "fulfilled" }, { select: ["inventory_item_id"] })
    const result = await planAndApplyUnderLock(
      container,
      before.map((a) => a.inventory_item_id),
      async () => {
        const shipped = await service.listLotAllocations({ fulfillment_id: input.fulfillment_id, status: "fulfilled" })
        return {
          ops: shipped.map((a) => ({ kind: "unfulfill" as const, allocation_id: a.id, reason: "fulfillment canceled", actor_id: input.actor_id })),
          holds: shipped.map((a) => ({ inventory_item_id: a.inventory_item_id, location_id: a.location_id })),
        }
      }
    )
    return new StepResponse({ restored: result.ops.length, undo: result.undo }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
