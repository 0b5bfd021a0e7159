import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { allocateOrderLotsWorkflow } from "../workflows/allocate-order-lots"

/** Flow 3: reserve lots for a new order (idempotent, so redelivery is harmless). */
export default async function orderPlacedAllocateLots({ event, container }: SubscriberArgs<{ id: string }>) {
  await allocateOrderLotsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "lot-tracking-allocate-order-lots" },
}
