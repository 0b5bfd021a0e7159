import {
  cancelOrderFulfillmentWorkflow,
  cancelOrderWorkflow,
  createOrderFulfillmentWorkflow,
} from "@medusajs/medusa/core-flows"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { coreHooksEnabled } from "./core-hooks-enabled"
import { onFulfillmentCreated, onOrderCanceled, onOrderFulfillmentCanceled, revertLotChanges } from "./order-hook-handlers"

/*
 * The plugin takes these three core hooks (a Medusa app can have one handler
 * per hook). Each runs one workflow; if it throws, core undoes the
 * fulfilment or cancellation, and if core fails after it, the compensation
 * restores the lots. With the option `core_hooks: false` none is registered
 * (a second handler for a hook fails the app's boot) and the shop calls the
 * same functions from its own handlers.
 */

if (coreHooksEnabled()) {
  createOrderFulfillmentWorkflow.hooks.fulfillmentCreated(
    async (input, { container }) => {
      const result = await onFulfillmentCreated(input, container)
      return new StepResponse(result, result.undo)
    },
    async (undo, { container }) => revertLotChanges(undo, container)
  )

  cancelOrderFulfillmentWorkflow.hooks.orderFulfillmentCanceled(
    async (input, { container }) => {
      const result = await onOrderFulfillmentCanceled(input, container)
      return new StepResponse(result, result.undo)
    },
    async (undo, { container }) => revertLotChanges(undo, container)
  )

  cancelOrderWorkflow.hooks.orderCanceled(
    async (input, { container }) => {
      const result = await onOrderCanceled(input, container)
      return new StepResponse(result, result.undo)
    },
    async (undo, { container }) => revertLotChanges(undo, container)
  )
}
