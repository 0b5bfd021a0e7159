import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrderLotsWorkflow } from "../workflows/sync-order-lots"

/**
 * An order edit, claim or exchange was confirmed: Medusa re-created the
 * reservations of changed lines and reserved new outbound items; the
 * order's lots follow (idempotent).
 */
export default async function orderChangedSyncLots({ event, container }: SubscriberArgs<{ order_id: string }>) {
  await syncOrderLotsWorkflow(container).run({ input: { order_id: event.data.order_id } })
}

export const config: SubscriberConfig = {
  event: ["order-edit.confirmed", "order.claim_created", "order.exchange_created"],
  context: { subscriberId: "lot-tracking-sync-order-lots" },
}
