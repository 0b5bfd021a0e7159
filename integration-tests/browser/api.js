"use strict"
/**
 * Setup for the browser test through the HTTP API, the way a storefront and a
 * warehouse client would (the checkout of helpers/store-client.js): an admin
 * session, a guest order placed through the store API, its fulfilment
 * through Medusa's admin route.
 */

const { adminLogin, createClient, placeOrder } = require("../helpers/store-client")

function createApi(baseUrl) {
  // `medusa develop` restarts when a file of the repository changes: requests wait for it.
  const client = createClient(baseUrl, { headers: { accept: "application/json" }, retryRefusedMs: 90_000 })
  let adminHeaders = null

  const admin = (method, path, body) => client.request(method, path, body, adminHeaders)

  return {
    admin,
    async login(email, password) {
      adminHeaders = await adminLogin(client, email, password)
    },
    /** The seed prints it; the admin API has it too. */
    async publishableKey() {
      const { api_keys } = await admin("GET", "/admin/api-keys?type=publishable&limit=50")
      const key = api_keys.find((k) => !k.revoked_at)
      if (!key) throw new Error("no publishable API key (did the seed run?)")
      return key.token
    },
    /** A guest order through the store API, shipped by the option whose name matches `shippingOptionName`. */
    async placeOrder(pk, { email, items, shippingOptionName = /Paris/ }) {
      const { regions } = await client.get("/store/regions?limit=50", { "x-publishable-api-key": pk })
      const region = regions.find((r) => (r.countries ?? []).some((c) => c.iso_2 === "fr")) ?? regions[0]
      return placeOrder(client, {
        publishableKey: pk,
        regionId: region.id,
        email,
        items,
        shippingOption: (offered) => (offered.find((o) => shippingOptionName.test(o.name)) ?? offered[0])?.id,
      })
    },
    /** Waits until the order.placed subscriber has allocated lots to every tracked line. */
    async waitForOrderLots(orderId, timeoutMs = 30000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const { order_lots } = await admin("GET", `/admin/orders/${orderId}/lots`)
        if (order_lots.lines.length && order_lots.lines.every((l) => l.reserved_quantity + l.shortfall + l.fulfilled_quantity >= l.quantity)) {
          return order_lots
        }
        if (Date.now() > deadline) throw new Error(`order ${orderId} got no lots within ${timeoutMs} ms: ${JSON.stringify(order_lots)}`)
        await new Promise((r) => setTimeout(r, 300))
      }
    },
    /** Fulfils every line at the location its lots are reserved at (Medusa's route; the plugin records the lots). */
    async fulfilOrder(orderId, orderLots) {
      const line = orderLots.lines.find((l) => l.allocations.length)
      const location_id = line.allocations[0].location_id
      await admin("POST", `/admin/orders/${orderId}/fulfillments`, {
        items: orderLots.lines.map((l) => ({ id: l.line_item_id, quantity: l.quantity })),
        location_id,
      })
      const { order_lots } = await admin("GET", `/admin/orders/${orderId}/lots`)
      return order_lots
    },
  }
}

module.exports = { createApi }
