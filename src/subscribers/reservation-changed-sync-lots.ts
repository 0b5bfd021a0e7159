import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrderLotsWorkflow, syncOrderLotsWorkflowId } from "../workflows/sync-order-lots"
import { runLotSubscriber } from "../workflows/utils/run-lot-subscriber"

/**
 * A reservation was created or deleted. Reservations created by checkout,
 * order edits, claims and exchanges carry their `order_id` and are followed
 * through those flows' own events (order.placed, order-edit.confirmed,
 * order.claim_created, order.exchange_created), so only the others are
 * synced here: reservations made for admin-created orders or by hand, every
 * deletion, and the plugin's hold when someone changed it by hand.
 */
export default async function reservationChangedSyncLots({ event, container }: SubscriberArgs<{ id: string; order_id?: string }>) {
  if (event.name === "reservation-item.created" && event.data.order_id) {
    return
  }
  const input = { order_id: event.data.order_id ?? null, reservation_id: event.data.id }
  // A failure is recorded for reconcile, which runs the sync again.
  await runLotSubscriber(container, { event: event.name, key: event.data.id, workflow_id: syncOrderLotsWorkflowId, input }, () =>
    syncOrderLotsWorkflow(container).run({ input })
  )
}

export const config: SubscriberConfig = {
  event: ["reservation-item.created", "reservation-item.deleted"],
  context: { subscriberId: "lot-tracking-sync-reservation-lots" },
}
