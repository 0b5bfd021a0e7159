"use strict"
/**
 * Setup for the browser test through the HTTP API, the way a storefront and a
 * warehouse client would (same payloads as integration-tests/helpers/orders.ts):
 * an admin session, a guest order placed through the store API, its
 * fulfilment through Medusa's admin route.
 */

const ADDRESS = {
  first_name: "Camille",
  last_name: "Martin",
  address_1: "8 rue de Rivoli",
  city: "Paris",
  postal_code: "75004",
  country_code: "fr",
  phone: "+33100000000",
}

function createApi(baseUrl) {
  let adminToken = null

  /**
   * fetch, retried while the connection is refused: `medusa develop` restarts
   * when a file of the repository changes, and a refused request never
   * reached the server, so sending it again is safe for any method.
   */
  async function send(url, init, deadline = Date.now() + 90_000) {
    for (;;) {
      try {
        return await fetch(url, init)
      } catch (e) {
        const code = e && e.cause && e.cause.code
        if (code !== "ECONNREFUSED" || Date.now() > deadline) throw e
        await new Promise((r) => setTimeout(r, 1000))
      }
    }
  }

  async function request(method, path, { body, headers = {}, expect = [200, 201] } = {}) {
    const res = await send(baseUrl + path, {
      method,
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    let data = text
    try {
      data = JSON.parse(text)
    } catch {
      /* not JSON */
    }
    if (!expect.includes(res.status)) {
      const message = data && typeof data === "object" ? data.message : text.slice(0, 300)
      throw new Error(`${method} ${path} answered ${res.status}: ${message}`)
    }
    return data
  }

  const admin = (method, path, body) => request(method, path, { body, headers: { authorization: `Bearer ${adminToken}` } })
  const store = (pk) => (method, path, body) => request(method, path, { body, headers: { "x-publishable-api-key": pk } })

  return {
    request,
    admin,
    async login(email, password) {
      const { token } = await request("POST", "/auth/user/emailpass", { body: { email, password } })
      adminToken = token
      return token
    },
    /** The seed prints it; the admin API has it too. */
    async publishableKey() {
      const { api_keys } = await admin("GET", "/admin/api-keys?type=publishable&limit=50")
      const key = api_keys.find((k) => !k.revoked_at)
      if (!key) throw new Error("no publishable API key (did the seed run?)")
      return key.token
    },
    /** A guest order through the store API: cart, line items, shipping, payment session, complete. */
    async placeOrder(pk, { email, items, shippingOptionName = /Paris/ }) {
      const s = store(pk)
      const { regions } = await s("GET", "/store/regions?limit=50")
      const region = regions.find((r) => (r.countries ?? []).some((c) => c.iso_2 === "fr")) ?? regions[0]
      const { cart } = await s("POST", "/store/carts", {
        region_id: region.id,
        email,
        shipping_address: ADDRESS,
        billing_address: ADDRESS,
      })
      for (const item of items) {
        await s("POST", `/store/carts/${cart.id}/line-items`, item)
      }
      const { shipping_options } = await s("GET", `/store/shipping-options?cart_id=${cart.id}`)
      const option = shipping_options.find((o) => shippingOptionName.test(o.name)) ?? shipping_options[0]
      if (!option) throw new Error(`no shipping option serves cart ${cart.id}`)
      await s("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: option.id })
      const { payment_collection } = await s("POST", "/store/payment-collections", { cart_id: cart.id })
      await s("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" })
      const completed = await s("POST", `/store/carts/${cart.id}/complete`, {})
      if (completed.type !== "order") {
        throw new Error(`cart ${cart.id} was not completed: ${JSON.stringify(completed.error ?? completed).slice(0, 300)}`)
      }
      return completed.order
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

module.exports = { createApi, ADDRESS }
