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
    /**
     * A product of the demo store that has no stock yet (sold through the demo's sales channel, shipped
     * with its parcels profile), made once: serials can be switched on only while no lot holds its units.
     */
    async ensureProduct({ handle, title, sku, price }) {
      const found = await admin("GET", `/admin/products?handle=${handle}&fields=id,variants.id,variants.sku`)
      let product = found.products[0]
      if (!product) {
        const { sales_channels } = await admin("GET", "/admin/sales-channels?limit=50")
        const { shipping_profiles } = await admin("GET", "/admin/shipping-profiles?limit=50")
        const channel = sales_channels.find((c) => c.name === "Default Sales Channel") ?? sales_channels[0]
        const profile = shipping_profiles.find((p) => /Lot demo parcels/.test(p.name)) ?? shipping_profiles[0]
        ;({ product } = await admin("POST", "/admin/products?fields=id,variants.id,variants.sku", {
          title,
          handle,
          status: "published",
          shipping_profile_id: profile.id,
          options: [{ title: "Format", values: ["Default"] }],
          variants: [{ title: "Default", sku, options: { Format: "Default" }, manage_inventory: true, prices: [{ currency_code: "eur", amount: price }] }],
          sales_channels: [{ id: channel.id }],
        }))
      }
      const variant = product.variants[0]
      const { inventory_items } = await admin("GET", `/admin/inventory-items?sku=${encodeURIComponent(variant.sku)}&fields=id,sku`)
      return { productId: product.id, variantId: variant.id, sku: variant.sku, inventoryItemId: inventory_items[0].id }
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
