/**
 * Example: forward the lot tracking plugin's events to a WMS webhook.
 *
 * Copy this file into your Medusa app as `src/subscribers/forward-lot-events-to-wms.ts`
 * and set WMS_WEBHOOK_URL (and WMS_WEBHOOK_SECRET to sign the body). It is an
 * example, not part of the plugin: it lives under docs/ so the plugin never
 * loads it. See docs/INTEGRATION.md for the event catalogue.
 */
import { createHash, createHmac } from "node:crypto"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ALL_LOT_EVENTS, type LotEventName, type LotEventPayloads } from "medusa-plugin-lot-tracking/lib/lot-events"

type LotEvent = { [N in LotEventName]: { name: N; data: LotEventPayloads[N] } }[LotEventName]

export default async function forwardLotEventsToWms({ event, container }: SubscriberArgs<LotEventPayloads[LotEventName]>) {
  const url = process.env.WMS_WEBHOOK_URL
  if (!url) {
    return
  }
  const { name, data } = event as unknown as LotEvent
  const body = JSON.stringify({ event: name, data })
  // The same delivery retried sends the same id: the WMS can drop duplicates with it.
  const deliveryId = createHash("sha256").update(body).digest("hex")
  const headers: Record<string, string> = { "content-type": "application/json", "x-event-id": deliveryId, "x-event-name": name }
  if (process.env.WMS_WEBHOOK_SECRET) {
    headers["x-signature"] = createHmac("sha256", process.env.WMS_WEBHOOK_SECRET).update(body).digest("hex")
  }
  const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) })
  if (!res.ok) {
    // Throwing hands the event back to the event bus: with the Redis event bus and `attempts` set, it is retried.
    container.resolve("logger").warn(`WMS webhook answered ${res.status} for ${name} ${deliveryId}`)
    throw new Error(`WMS webhook answered ${res.status}`)
  }
}

export const config: SubscriberConfig = {
  event: ALL_LOT_EVENTS,
  context: { subscriberId: "forward-lot-events-to-wms" },
}
