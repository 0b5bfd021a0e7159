import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { allocateOrderLotsWorkflow, allocateOrderLotsWorkflowId } from "../workflows/allocate-order-lots"
import { runLotSubscriber } from "../workflows/utils/run-lot-subscriber"

/**
 * Order placed: reserve lots for a new order (idempotent, so redelivery is
 * harmless). A failure is recorded for reconcile, which runs it again.
 */
export default async function orderPlacedAllocateLots({ event, container }: SubscriberArgs<{ id: string }>) {
  const input = { order_id: event.data.id }
  await runLotSubscriber(container, { event: event.name, key: event.data.id, workflow_id: allocateOrderLotsWorkflowId, input }, () =>
    allocateOrderLotsWorkflow(container).run({ input })
  )
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "lot-tracking-allocate-order-lots" },
}
