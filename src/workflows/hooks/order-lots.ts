import {
  cancelOrderFulfillmentWorkflow,
  cancelOrderWorkflow,
  createOrderFulfillmentWorkflow,
} from "@medusajs/medusa/core-flows"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordFulfillmentLotsWorkflow, type NamedLot } from "../record-fulfillment-lots"
import { restoreFulfillmentLotsWorkflow } from "../restore-fulfillment-lots"
import { releaseOrderLotsWorkflow } from "../release-order-lots"
import { revertLotPlan } from "../steps/lot-plan"

/*
 * The plugin takes these three core hooks (a Medusa app can have one handler
 * per hook). Each runs one workflow; if it throws, core undoes the
 * fulfilment or cancellation, and if core fails after it, the compensation
 * below restores the lots.
 */

createOrderFulfillmentWorkflow.hooks.fulfillmentCreated(
  async ({ fulfillment, additional_data }, { container }) => {
    const { result } = await recordFulfillmentLotsWorkflow(container).run({
      input: {
        fulfillment_id: fulfillment.id,
        location_id: fulfillment.location_id,
        items: (fulfillment.items ?? []).map((i: any) => ({
          line_item_id: i.line_item_id,
          inventory_item_id: i.inventory_item_id,
          quantity: Number(i.quantity),
        })),
        lots: (additional_data?.lots as NamedLot[] | undefined) ?? [],
        location_given: additional_data?.lot_location_given as boolean | undefined,
      },
    })
    return new StepResponse(result, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)

cancelOrderFulfillmentWorkflow.hooks.orderFulfillmentCanceled(
  async ({ fulfillment }, { container }) => {
    const { result } = await restoreFulfillmentLotsWorkflow(container).run({ input: { fulfillment_id: fulfillment.id } })
    return new StepResponse(result, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)

cancelOrderWorkflow.hooks.orderCanceled(
  async ({ order }, { container }) => {
    const { result } = await releaseOrderLotsWorkflow(container).run({ input: { order_id: order.id } })
    return new StepResponse(result, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
