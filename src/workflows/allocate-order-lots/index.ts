import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { allocatedEvent, eventContext, LotEvents } from "../../lib/lot-events"
import { syncOrderLotsStep } from "../steps/sync-order-lots"

export type AllocateOrderLotsInput = { order_id: string }

export const allocateOrderLotsWorkflowId = "allocate-order-lots"

/**
 * Order placed (by checkout, or a draft order converted): reserve lots by
 * FEFO/FIFO where Medusa reserved the stock, splitting a line across lots and
 * recording any shortfall. It is the order sync run on a new order, so the
 * same event twice allocates once ("already allocated").
 */
export const allocateOrderLotsWorkflow = createWorkflow(allocateOrderLotsWorkflowId, (input: AllocateOrderLotsInput) => {
  const result = syncOrderLotsStep(input)
  // One event for the order's lots (emitted once the workflow succeeded); a second run reserves nothing and emits nothing.
  const allocated = transform({ result }, ({ result }) => allocatedEvent(result.order_id, result.allocated, eventContext(null)))
  // Skipped, not run empty, when nothing was reserved: the second sync of a checkout is on the hot path.
  when("lot-allocated-any", allocated, (events) => events.length > 0).then(() => {
    emitEventStep({ eventName: LotEvents.ALLOCATED, data: allocated }).config({ name: "emit-lot-allocated" })
  })
  return new WorkflowResponse(result)
})
