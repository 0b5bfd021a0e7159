import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrderLotsWorkflow } from "../workflows/sync-order-lots"

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
  await syncOrderLotsWorkflow(container).run({ input: { order_id: event.data.order_id ?? null, reservation_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: ["reservation-item.created", "reservation-item.deleted"],
  context: { subscriberId: "lot-tracking-sync-reservation-lots" },
}
