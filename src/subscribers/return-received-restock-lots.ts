import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { restockReturnedLotsWorkflow, restockReturnedLotsWorkflowId } from "../workflows/restock-returned-lots"
import { runLotSubscriber } from "../workflows/utils/run-lot-subscriber"

/** Return received: core has no hook on return receipt, so the plugin listens to its event. */
export default async function returnReceivedRestockLots({ event, container }: SubscriberArgs<{ order_id: string; return_id: string }>) {
  const input = { return_id: event.data.return_id }
  // A failure is recorded for reconcile, which runs the restock again (each unit is placed once).
  await runLotSubscriber(container, { event: event.name, key: event.data.return_id, workflow_id: restockReturnedLotsWorkflowId, input }, () =>
    restockReturnedLotsWorkflow(container).run({ input })
  )
}

export const config: SubscriberConfig = {
  event: "order.return_received",
  context: { subscriberId: "lot-tracking-restock-returned-lots" },
}
