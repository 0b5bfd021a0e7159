"use strict"
/**
 * The storefront's checkout over HTTP, written once for the integration
 * tests (helpers/orders.ts, through the jest runner's axios client), the
 * browser test (browser/api.js) and the benchmarks (bench/*.js): cart, line
 * items, shipping method, payment collection with a `pp_system_default`
 * session, complete. Plain CommonJS on Node's global fetch, so that plain
 * node scripts load it as they are.
 *
 * A client is anything with `get(path, headers)` and `post(path, body,
 * headers)` that resolve to the response body and reject on an HTTP error;
 * `createClient(baseUrl)` makes one on fetch.
 */

/** The test customer's address: a region of the demo store ships to France. */
const FR_ADDRESS = {
  first_name: "Camille",
  last_name: "Martin",
  address_1: "8 rue de Rivoli",
  city: "Paris",
  postal_code: "75004",
  country_code: "fr",
  phone: "+33100000000",
}

class ApiError extends Error {
  constructor(method, path, status, body) {
    const msg = body && typeof body === "object" ? body.message || JSON.stringify(body) : String(body)
    super(`${method} ${path} -> ${status}: ${String(msg).slice(0, 500)}`)
    this.name = "ApiError"
    this.status = status
    this.body = body
  }
}

/**
 * A fetch client on `baseUrl`. `headers` go with every request.
 * `retryRefusedMs`: keep sending a request while the connection is refused,
 * up to that long (`medusa develop` restarts when a file of the repository
 * changes; a refused request never reached the server, so sending it again is
 * safe for any method).
 */
function createClient(baseUrl, { headers: defaultHeaders = {}, retryRefusedMs = 0 } = {}) {
  async function send(url, init) {
    const deadline = Date.now() + retryRefusedMs
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

  async function request(method, path, body, headers = {}) {
    const res = await send(`${baseUrl}${path}`, {
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
    post: (path, body, headers) => request("POST", path, body === undefined ? {} : body, headers),
    request,
  }
}

/** A checkout step failed: `step` names it, `cause` is the client's error, `cartId` the cart if one was made. */
class CheckoutStepError extends Error {
  constructor(step, cause, cartId) {
    super(`${step} failed: ${cause && cause.message ? cause.message : String(cause)}`)
    this.name = "CheckoutStepError"
    this.step = step
    this.cause = cause
    this.cartId = cartId
  }
}

/** An error of the checkout sequence itself (no request failed), e.g. no shipping option serves the cart. */
function helperError(message) {
  return Object.assign(new Error(message), { type: "helper" })
}

/**
 * Everything a storefront does before "Place order": cart, line items,
 * shipping method, payment collection and a `pp_system_default` session.
 *
 * input: { publishableKey, headers? (e.g. a logged-in customer's), regionId,
 *   salesChannelId?, email?, address? (default FR_ADDRESS), items: [{ variant_id, quantity }],
 *   shippingOption: an option id, or `(offered, cartId) => id` choosing among
 *   the options `GET /store/shipping-options?cart_id=` offers the cart }
 *
 * Resolves `{ cartId, headers }` for `completeCart`; rejects with a
 * CheckoutStepError (step "cart", "line-items", "shipping" or "payment").
 * Race tests prepare every cart first, then complete them concurrently.
 */
async function prepareCart(client, input) {
  const headers = { ...(input.headers || {}), "x-publishable-api-key": input.publishableKey }
  const address = input.address || FR_ADDRESS
  let cartId
  const step = async (name, fn) => {
    try {
      return await fn()
    } catch (e) {
      throw new CheckoutStepError(name, e, cartId)
    }
  }

  const { cart } = await step("cart", () =>
    client.post(
      "/store/carts",
      {
        region_id: input.regionId,
        ...(input.salesChannelId ? { sales_channel_id: input.salesChannelId } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        shipping_address: address,
        billing_address: address,
      },
      headers
    )
  )
  cartId = cart.id

  for (const item of input.items) {
    await step("line-items", () =>
      client.post(`/store/carts/${cartId}/line-items`, { variant_id: item.variant_id, quantity: item.quantity }, headers)
    )
  }

  const optionId = await step("shipping", async () => {
    if (typeof input.shippingOption !== "function") return input.shippingOption
    const { shipping_options } = await client.get(`/store/shipping-options?cart_id=${cartId}`, headers)
    const chosen = input.shippingOption(shipping_options || [], cartId)
    if (!chosen) throw helperError(`no shipping option serves cart ${cartId}`)
    return chosen
  })
  await step("shipping", () => client.post(`/store/carts/${cartId}/shipping-methods`, { option_id: optionId }, headers))

  const { payment_collection } = await step("payment", () => client.post("/store/payment-collections", { cart_id: cartId }, headers))
  await step("payment", () =>
    client.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, headers)
  )
  return { cartId, headers }
}

/**
 * `POST /store/carts/:id/complete`: Medusa confirms, reserves inventory and
 * emits `order.placed`. Resolves Medusa's answer, `{ type: "order", order }`
 * or `{ type: "cart", cart, error }` (a payment refusal comes back as 200);
 * rejects with a CheckoutStepError (step "complete") on an HTTP error.
 */
async function completeCart(client, { cartId, headers }) {
  try {
    return await client.post(`/store/carts/${cartId}/complete`, {}, headers)
  } catch (e) {
    throw new CheckoutStepError("complete", e, cartId)
  }
}

/** The order of a completed cart; throws when the cart was not completed. */
function orderOf(completed, cartId) {
  if (!completed || completed.type !== "order") {
    const why = completed && completed.error ? completed.error.message || JSON.stringify(completed.error) : JSON.stringify(completed)
    throw new Error(`cart ${cartId} was not completed: ${String(why).slice(0, 300)}`)
  }
  return completed.order
}

/** `prepareCart`, then `completeCart`; resolves the order, rejects when any step fails. */
async function placeOrder(client, input) {
  const cart = await prepareCart(client, input)
  return orderOf(await completeCart(client, cart), cart.cartId)
}

/** Logs in an admin user (emailpass); resolves the headers of admin requests. */
async function adminLogin(client, email, password) {
  const { token } = await client.post("/auth/user/emailpass", { email, password })
  if (!token) throw new Error("no token from /auth/user/emailpass")
  return { authorization: `Bearer ${token}` }
}

module.exports = {
  FR_ADDRESS,
  ApiError,
  CheckoutStepError,
  createClient,
  prepareCart,
  completeCart,
  orderOf,
  placeOrder,
  adminLogin,
  helperError,
}
