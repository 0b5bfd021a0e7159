import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { restockReturnedLotsWorkflow } from "../workflows/restock-returned-lots"

/** Flow 6: core has no hook on return receipt, so the plugin listens to its event. */
export default async function returnReceivedRestockLots({ event, container }: SubscriberArgs<{ order_id: string; return_id: string }>) {
  await restockReturnedLotsWorkflow(container).run({ input: { return_id: event.data.return_id } })
}

export const config: SubscriberConfig = {
  event: "order.return_received",
  context: { subscriberId: "lot-tracking-restock-returned-lots" },
}
