import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrderLotsWorkflow, syncOrderLotsWorkflowId } from "../workflows/sync-order-lots"
import { runLotSubscriber } from "../workflows/utils/run-lot-subscriber"

/**
 * An order edit, claim or exchange was confirmed: Medusa re-created the
 * reservations of changed lines and reserved new outbound items; the
 * order's lots follow (idempotent).
 */
export default async function orderChangedSyncLots({ event, container }: SubscriberArgs<{ order_id: string }>) {
  const input = { order_id: event.data.order_id }
  // A failure is recorded for reconcile, which runs the sync again.
  await runLotSubscriber(container, { event: event.name, key: event.data.order_id, workflow_id: syncOrderLotsWorkflowId, input }, () =>
    syncOrderLotsWorkflow(container).run({ input })
  )
}

export const config: SubscriberConfig = {
  event: ["order-edit.confirmed", "order.claim_created", "order.exchange_created"],
  context: { subscriberId: "lot-tracking-sync-order-lots" },
}
