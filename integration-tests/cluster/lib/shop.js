"use strict"
/**
 * What the cluster test sends to the API servers: a fetch client per server
 * that records every answer (so the test can assert that no lot-tracking
 * route answered 5xx), the storefront's checkout in four requests, and the
 * warehouse's fulfilment.
 */

const { FR_ADDRESS, adminLogin } = require("../../helpers/store-client")

/**
 * Routes of the plugin (its own, and core's fulfilment route, which runs the
 * plugin's `fulfillmentCreated` hook). A 5xx from any of them fails the test:
 * lock time-outs and transient conflicts must answer 409.
 */
const PLUGIN_ROUTE =
  /^\/(admin\/(lots|recalls|lot-tracking|serials|returns\/[^/]+\/lots)|admin\/orders\/[^/]+\/(lots|fulfillments)|store\/lot-recalls|store\/customers\/me\/orders\/[^/]+\/lots)(\/|\?|$)/

const isPluginRoute = (path) => PLUGIN_ROUTE.test(path)

/** The route's shape without ids, for the summary (`/admin/orders/:id/fulfillments`). */
const routeShape = (path) =>
  path
    .split("?")[0]
    .replace(/\/(order|cart|pay_col|lot|rcl|recall|lotalc|iitem|ful)_[0-9A-Za-z]+/g, "/:id")
    .replace(/\/[0-9A-Z]{26}(?=\/|$)/g, "/:id")

/**
 * A client on one server. Every answer is pushed to `journal` as
 * { server, method, path, status, ms, message }; network failures as status 0.
 * Methods resolve `{ status, body }` and never throw for an HTTP status.
 */
function serverClient(name, baseUrl, journal, { timeoutMs = 120000 } = {}) {
  async function request(method, path, body, headers = {}) {
    const t0 = Date.now()
    let status = 0
    let data = null
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
      status = res.status
      const text = await res.text()
      try {
        data = text ? JSON.parse(text) : null
      } catch {
        data = text
      }
    } catch (e) {
      data = { message: `${e.name}: ${e.cause && e.cause.code ? e.cause.code : e.message}` }
    }
    const message = data && typeof data === "object" ? data.message : typeof data === "string" ? data.slice(0, 300) : undefined
    journal.push({ server: name, method, path, status, ms: Date.now() - t0, message: status >= 300 || status === 0 ? message : undefined })
    return { status, body: data }
  }
  return {
    name,
    baseUrl,
    get: (path, headers) => request("GET", path, undefined, headers),
    post: (path, body, headers) => request("POST", path, body === undefined ? {} : body, headers),
  }
}

/** Throws unless the answer is 2xx. */
function ok(res, what) {
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`${what} -> ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`)
  }
  return res.body
}

/**
 * A storefront's cart up to "Place order", in four requests: cart with its
 * line, shipping method, payment collection, `pp_system_default` session.
 */
async function prepareCart(client, seed, { email, quantity }) {
  const headers = { "x-publishable-api-key": seed.publishableKey }
  const { cart } = ok(
    await client.post(
      "/store/carts",
      {
        region_id: seed.regionId,
        sales_channel_id: seed.salesChannelId,
        email,
        shipping_address: FR_ADDRESS,
        billing_address: FR_ADDRESS,
        items: [{ variant_id: seed.product.variantId, quantity }],
      },
      headers
    ),
    "create cart"
  )
  ok(await client.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: seed.parisShippingOptionId }, headers), "shipping method")
  const { payment_collection } = ok(await client.post("/store/payment-collections", { cart_id: cart.id }, headers), "payment collection")
  ok(
    await client.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, headers),
    "payment session"
  )
  return { cartId: cart.id, headers, quantity, server: client.name }
}

/** Runs `fn` over `items` with at most `limit` in flight; results in order. */
async function pool(items, limit, fn) {
  const out = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/**
 * "Place order". Resolves { cartId, server, order } when Medusa placed the
 * order, { cartId, server, refused: { status, message } } when it refused the
 * cart (out of stock, a lock it could not get, a payment refusal).
 */
async function completeCart(client, cart) {
  const res = await client.post(`/store/carts/${cart.cartId}/complete`, {}, cart.headers)
  if (res.status === 200 && res.body && res.body.type === "order") {
    return { cartId: cart.cartId, server: client.name, order: res.body.order, placedAt: Date.now() }
  }
  const message = res.body && typeof res.body === "object" ? (res.body.error && res.body.error.message) || res.body.message : String(res.body)
  return { cartId: cart.cartId, server: client.name, refused: { status: res.status, message: String(message || "").slice(0, 300) } }
}

/** `POST /admin/orders/:id/fulfillments` for every unit of the order, at `locationId`; `lots` names lots. */
function fulfil(client, admin, order, locationId, lots) {
  const body = { items: order.items.map((i) => ({ id: i.id, quantity: i.quantity })), location_id: locationId }
  if (lots) {
    body.additional_data = { lots }
  }
  return client.post(`/admin/orders/${order.id}/fulfillments`, body, admin)
}

async function login(client, email, password) {
  return adminLogin({ post: async (path, body) => ok(await client.post(path, body), `POST ${path}`) }, email, password)
}

/** The journal's 5xx answers of the plugin's routes, and of the rest (core's checkout), and a status count per route. */
function journalReport(journal) {
  const pluginErrors = journal.filter((r) => isPluginRoute(r.path) && r.status >= 500)
  const otherErrors = journal.filter((r) => !isPluginRoute(r.path) && r.status >= 500)
  const byRoute = {}
  for (const r of journal) {
    const key = `${r.method} ${routeShape(r.path)}`
    byRoute[key] = byRoute[key] || {}
    byRoute[key][r.status] = (byRoute[key][r.status] || 0) + 1
  }
  return { pluginErrors, otherErrors, byRoute }
}

module.exports = { serverClient, ok, prepareCart, completeCart, fulfil, login, pool, journalReport, isPluginRoute, routeShape }
