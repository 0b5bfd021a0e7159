"use strict"
/**
 * Store and admin API calls over HTTP (Node 20 global fetch), the same
 * payloads as integration-tests/helpers/orders.ts: cart, line items, shipping
 * method, payment collection + `pp_system_default` session, complete.
 */

class ApiError extends Error {
  constructor(method, url, status, body) {
    const msg = body && typeof body === "object" ? body.message || JSON.stringify(body) : String(body)
    super(`${method} ${url} -> ${status}: ${String(msg).slice(0, 500)}`)
    this.status = status
    this.body = body
  }
}

function createClient(baseUrl, defaultHeaders = {}) {
  async function request(method, path, body, headers = {}) {
    const url = `${baseUrl}${path}`
    const res = await fetch(url, {
      method,
      headers: { "content-type": "application/json", ...defaultHeaders, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    let data = text
    try {
      data = text ? JSON.parse(text) : null
    } catch {
      /* not JSON */
    }
    if (!res.ok) throw new ApiError(method, path, res.status, data)
    return data
  }
  return {
    get: (path, headers) => request("GET", path, undefined, headers),
    post: (path, body, headers) => request("POST", path, body ?? {}, headers),
    request,
  }
}

const ADDRESS = {
  first_name: "Camille",
  last_name: "Martin",
  address_1: "8 rue de Rivoli",
  city: "Paris",
  postal_code: "75004",
  country_code: "fr",
  phone: "+33100000000",
}

let seq = 0

/**
 * Everything before "Place order". `store`: { publishableKey, regionId,
 * salesChannelId, shippingOptionIds }; `items`: [{ variant_id, quantity }].
 * Returns the cart id.
 */
async function prepareCart(client, store, items, { shippingOptionIndex = 0 } = {}) {
  const h = { "x-publishable-api-key": store.publishableKey }
  const { cart } = await client.post(
    "/store/carts",
    {
      region_id: store.regionId,
      sales_channel_id: store.salesChannelId,
      email: `bench-${process.pid}-${++seq}@lot-tracking.test`,
      shipping_address: ADDRESS,
      billing_address: ADDRESS,
    },
    h
  )
  for (const item of items) {
    await client.post(`/store/carts/${cart.id}/line-items`, item, h)
  }
  const optionId = store.shippingOptionIds[shippingOptionIndex]
  await client.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: optionId }, h)
  const { payment_collection } = await client.post("/store/payment-collections", { cart_id: cart.id }, h)
  await client.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, h)
  return cart.id
}

/** `POST /store/carts/:id/complete`; returns the order (throws if no order came back). */
async function completeCart(client, store, cartId) {
  const res = await client.post(`/store/carts/${cartId}/complete`, {}, { "x-publishable-api-key": store.publishableKey })
  if (res.type !== "order") {
    throw new Error(`cart ${cartId} was not completed: ${res.error?.message || JSON.stringify(res).slice(0, 300)}`)
  }
  return res.order
}

/** Admin JWT through the emailpass provider. */
async function adminLogin(client, email, password) {
  const { token } = await client.post("/auth/user/emailpass", { email, password })
  if (!token) throw new Error("no token from /auth/user/emailpass")
  return { authorization: `Bearer ${token}` }
}

module.exports = { createClient, prepareCart, completeCart, adminLogin, ApiError }
