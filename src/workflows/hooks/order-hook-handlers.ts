import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { transientConflict } from "../../lib/transient-failure"
import { withTransientRetry } from "../utils/run-lot-subscriber"
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

/**
 * Runs a hook's workflow inside core's request: a transient failure (a
 * deadlock, a lock wait that ran out) is tried once more, then answered as a
 * CONFLICT that says to retry, so core's route answers 409, never 500. The
 * workflow changed nothing when it failed, so another run is safe.
 */
async function inRequest<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await withTransientRetry(run, { attempts: 2 })
  } catch (e) {
    const conflict = MedusaError.isMedusaError(e) ? null : transientConflict(e)
    throw conflict === null ? e : new MedusaError(MedusaError.Types.CONFLICT, conflict)
  }
}

/** `createOrderFulfillmentWorkflow.hooks.fulfillmentCreated`: records the lots of every shipped unit; throws (and core undoes the fulfilment) when lots cannot cover a tracked line. */
export async function onFulfillmentCreated(
  { fulfillment, additional_data }: { fulfillment: any; additional_data?: Record<string, unknown> | null },
  container: MedusaContainer
) {
  const { result } = await inRequest(() =>
    recordFulfillmentLotsWorkflow(container).run({
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
        // Who fulfilled (core records it on the fulfilment): the actor of the movements and of `lot.shipped`.
        actor_id: (fulfillment.created_by as string | null | undefined) ?? null,
      },
    })
  )
  return result
}

/** `cancelOrderFulfillmentWorkflow.hooks.orderFulfillmentCanceled`: puts the shipped lot units back into stock. */
export async function onOrderFulfillmentCanceled({ fulfillment }: { fulfillment: { id: string } }, container: MedusaContainer) {
  const { result } = await inRequest(() => restoreFulfillmentLotsWorkflow(container).run({ input: { fulfillment_id: fulfillment.id } }))
  return result
}

/** `cancelOrderWorkflow.hooks.orderCanceled`: releases the order's lot reservations. */
export async function onOrderCanceled({ order }: { order: { id: string } }, container: MedusaContainer) {
  const { result } = await inRequest(() => releaseOrderLotsWorkflow(container).run({ input: { order_id: order.id } }))
  return result
}

/** Compensation of the three above: undoes the lot changes they returned as `undo`. */
export async function revertLotChanges(undo: LotChangesUndo | undefined, container: MedusaContainer) {
  return revertLotPlan(undo, container)
}
