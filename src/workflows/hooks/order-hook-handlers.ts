import type { MedusaContainer } from "@medusajs/framework/types"
import { recordFulfillmentLotsWorkflow, type NamedLot, type RecordFulfillmentLotsInput } from "../record-fulfillment-lots"
import { restoreFulfillmentLotsWorkflow } from "../restore-fulfillment-lots"
import { releaseOrderLotsWorkflow } from "../release-order-lots"
import { revertLotPlan, type LotPlanUndo } from "../utils/lot-plan"

/*
 * What the plugin does in each of the three core order hooks it takes, as
 * plain functions: the plugin's own handlers (core-order-hooks.ts) call them, and
 * so does a shop that sets `core_hooks: false` to keep the hooks for its own
 * handlers. Each returns the lot changes with their `undo`: hand `undo` to
 * `revertLotChanges` in the handler's compensation, so the lots go back if
 * core fails after the hook.
 */

export type LotChangesUndo = LotPlanUndo[]

/** `createOrderFulfillmentWorkflow.hooks.fulfillmentCreated`: records the lots of every shipped unit; throws (and core undoes the fulfilment) when lots cannot cover a tracked line. */
export async function onFulfillmentCreated(
  { fulfillment, additional_data }: { fulfillment: any; additional_data?: Record<string, unknown> | null },
  container: MedusaContainer
) {
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
      serials: (additional_data?.serials as RecordFulfillmentLotsInput["serials"]) ?? [],
      location_given: additional_data?.lot_location_given as boolean | undefined,
    },
  })
  return result
}

/** `cancelOrderFulfillmentWorkflow.hooks.orderFulfillmentCanceled`: puts the shipped lot units back into stock. */
export async function onOrderFulfillmentCanceled({ fulfillment }: { fulfillment: { id: string } }, container: MedusaContainer) {
  const { result } = await restoreFulfillmentLotsWorkflow(container).run({ input: { fulfillment_id: fulfillment.id } })
  return result
}

/** `cancelOrderWorkflow.hooks.orderCanceled`: releases the order's lot reservations. */
export async function onOrderCanceled({ order }: { order: { id: string } }, container: MedusaContainer) {
  const { result } = await releaseOrderLotsWorkflow(container).run({ input: { order_id: order.id } })
  return result
}

/** Compensation of the three above: undoes the lot changes they returned as `undo`. */
export async function revertLotChanges(undo: LotChangesUndo | undefined, container: MedusaContainer) {
  return revertLotPlan(undo, container)
}
