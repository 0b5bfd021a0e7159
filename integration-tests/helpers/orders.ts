import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { DemoStore } from "../../src/scripts/demo/store"
import * as checkout from "./store-client"
import type { PreparedCart, StoreClient } from "./store-client"

/**
 * Orders placed through the STORE API, the way a storefront does, so that
 * Medusa's own cart completion reserves inventory (one reservation per line
 * item) and emits `order.placed`. Nothing here touches the plugin.
 */

/** The axios instance that `medusaIntegrationTestRunner` hands to the suite (only what is used here). */
export type Api = {
  get: (url: string, config?: { headers?: Record<string, string> }) => Promise<{ status: number; data: any }>
  post: (url: string, body?: unknown, config?: { headers?: Record<string, string> }) => Promise<{ status: number; data: any }>
}

/** What the helpers need from `seedDemoStore`'s result. */
export type OrderStore = Pick<DemoStore, "regionId" | "salesChannelId" | "publishableKey" | "shippingOptionIds">

export type Headers = Record<string, string>

export type ApiError = { status: number; message: string; type: string; step: OrderStep }

export type OrderStep = "cart" | "line-items" | "shipping" | "payment" | "complete"

export const CUSTOMER_PASSWORD = "supersecret-password"

export { FR_ADDRESS } from "./store-client"

/** The jest runner's axios instance as a store client (response bodies; axios rejects on HTTP errors). */
function storeClient(api: Api): StoreClient {
  return {
    get: async (url, headers) => (await api.get(url, { headers })).data,
    post: async (url, body, headers) => (await api.post(url, body, { headers })).data,
  }
}

/** Turns an axios rejection (or anything else) into `{ status, message, type }`. */
function toApiError(e: any, step: OrderStep): ApiError {
  const res = e?.response
  if (!res) {
    return { status: 0, message: e?.message ?? String(e), type: e?.type ?? "network", step }
  }
  const data = res.data ?? {}
  return {
    status: res.status,
    message: typeof data === "string" ? data : data.message ?? JSON.stringify(data),
    type: data.type ?? data.code ?? "unknown",
    step,
  }
}

/**
 * Registers a customer (emailpass), creates the customer record with the
 * registration token, then logs in. Returns headers for store requests as
 * that customer.
 */
export async function createCustomerSession(
  api: Api,
  publishableKey: string,
  input: { email: string; first_name: string; last_name: string; password?: string }
): Promise<{ customer: any; headers: Headers; token: string }> {
  const password = input.password ?? CUSTOMER_PASSWORD
  const pk = { "x-publishable-api-key": publishableKey }

  const { data: registered } = await api.post("/auth/customer/emailpass/register", { email: input.email, password })
  const { data: created } = await api.post(
    "/store/customers",
    { email: input.email, first_name: input.first_name, last_name: input.last_name },
    { headers: { ...pk, authorization: `Bearer ${registered.token}` } }
  )
  const { data: login } = await api.post("/auth/customer/emailpass", { email: input.email, password })

  return {
    customer: created.customer,
    token: login.token,
    headers: { ...pk, authorization: `Bearer ${login.token}` },
  }
}

export type PlaceOrderInput = {
  items: { variant_id: string; quantity: number }[]
  /** Defaults to the logged-in customer's email if given, else a guest email. */
  email?: string
  /** From `createCustomerSession`: the cart (and so the order) belongs to that customer. */
  customerHeaders?: Headers
  /** Index into `store.shippingOptionIds` (0 = Paris, 1 = Rotterdam in the demo store). */
  shippingOptionIndex?: number
  address?: Record<string, unknown>
}

export type PlaceOrderResult = { order: any; cartId?: string } | { error: ApiError; cartId?: string }

export type { PreparedCart }

/**
 * Everything a storefront does before "Place order" (store-client.js):
 * cart, line items, shipping method, payment collection and a
 * `pp_system_default` session. Returns `{ cart }` ready for `completeCart`,
 * or `{ error }` (adding a line item is already refused, 400 not_allowed,
 * when stock is short at that time).
 * Race tests: prepare every cart first, then complete them concurrently.
 */
export async function prepareCart(
  api: Api,
  store: OrderStore,
  input: PlaceOrderInput
): Promise<{ cart: PreparedCart } | { error: ApiError; cartId?: string }> {
  try {
    const cart = await checkout.prepareCart(storeClient(api), {
      publishableKey: store.publishableKey,
      headers: input.customerHeaders,
      regionId: store.regionId,
      salesChannelId: store.salesChannelId,
      // A logged-in customer's cart takes the customer's email.
      email: input.email || !input.customerHeaders ? input.email ?? `guest-${uniq()}@lot-tracking.test` : undefined,
      address: input.address,
      items: input.items,
      shippingOption: (offered, cartId) => pickShippingOption(store, cartId, offered, input.shippingOptionIndex),
    })
    return { cart }
  } catch (e) {
    if (e instanceof checkout.CheckoutStepError) {
      return { error: toApiError(e.cause, e.step), cartId: e.cartId }
    }
    throw e
  }
}

/**
 * `POST /store/carts/:id/complete`: Medusa confirms and reserves inventory
 * and emits `order.placed`. Returns `{ order }` or `{ error }`; never throws
 * for an API refusal.
 */
export async function completeCart(api: Api, cart: PreparedCart): Promise<PlaceOrderResult> {
  const { cartId } = cart
  try {
    const completed = await checkout.completeCart(storeClient(api), cart)
    if (completed.type !== "order") {
      // Payment errors come back as 200 with the cart and an error.
      return {
        cartId,
        error: {
          status: 200,
          message: completed.error?.message ?? "cart was not completed",
          type: completed.error?.type ?? "unknown",
          step: "complete",
        },
      }
    }
    return { order: completed.order, cartId }
  } catch (e) {
    if (e instanceof checkout.CheckoutStepError) {
      return { error: toApiError(e.cause, e.step), cartId }
    }
    throw e
  }
}

/**
 * Builds a cart through the store API and completes it. Returns
 * `{ order }` or `{ error }` with the failing `step` (never throws for an
 * API refusal at any step).
 */
export async function tryPlaceOrder(api: Api, store: OrderStore, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  const prepared = await prepareCart(api, store, input)
  if ("error" in prepared) {
    return prepared
  }
  return completeCart(api, prepared.cart)
}

/** Like `tryPlaceOrder`, but throws with the API's message when any step fails. */
export async function placeOrder(api: Api, store: OrderStore, input: PlaceOrderInput): Promise<any> {
  const result = await tryPlaceOrder(api, store, input)
  if ("error" in result) {
    const { step, status, type, message } = result.error
    throw new Error(`placeOrder: ${step} failed (${status} ${type}): ${message}`)
  }
  return result.order
}

/**
 * The shipping option to use: `store.shippingOptionIds[index]` when an index
 * is given (it must serve the cart), else the first of the store's options
 * that serves the cart, else the first option the cart is offered.
 */
function pickShippingOption(store: OrderStore, cartId: string, offeredOptions: { id: string }[], index?: number) {
  const offered = new Set<string>(offeredOptions.map((o) => o.id))
  if (index !== undefined) {
    const wanted = store.shippingOptionIds[index]
    if (!wanted || !offered.has(wanted)) {
      throw checkout.helperError(
        `shipping option #${index} (${wanted}) does not serve cart ${cartId}; offered: ${[...offered].join(", ") || "none"}`
      )
    }
    return wanted
  }
  return store.shippingOptionIds.find((id) => offered.has(id)) ?? offeredOptions[0]?.id
}

/** `POST /admin/orders/:id/fulfillments`. Never throws on an HTTP error: returns `{ status, data }`. */
export async function fulfillOrder(
  api: Api,
  adminHeaders: Headers,
  orderId: string,
  input: { items: { id: string; quantity: number }[]; location_id?: string; additional_data?: Record<string, unknown> }
): Promise<{ status: number; data: any }> {
  try {
    const res = await api.post(`/admin/orders/${orderId}/fulfillments`, input, { headers: adminHeaders })
    return { status: res.status, data: res.data }
  } catch (e: any) {
    if (e?.response) {
      return { status: e.response.status, data: e.response.data }
    }
    throw e
  }
}

/**
 * Workaround for `seedDemoStore`: its tax regions are created without a
 * `provider_id`, and Medusa 2.21 then fails every cart line-item add with
 * "Unable to retrieve the tax provider with id: null" (500). Gives every
 * tax region without a provider the built-in system provider `tp_system`.
 * Idempotent; harmless once the seed sets `provider_id: "tp_system"` itself.
 */
export async function ensureTaxProvider(container: MedusaContainer, providerId = "tp_system") {
  const tax = container.resolve(Modules.TAX)
  const regions = await tax.listTaxRegions({})
  const missing = regions.filter((r) => !r.provider_id)
  if (missing.length) {
    await tax.updateTaxRegions(missing.map((r) => ({ id: r.id, provider_id: providerId })))
  }
  return missing.length
}

export type Reservation = { line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }

/** Medusa's reservation items for the order's line items (core reservations, not the plugin's). */
export async function readReservations(container: MedusaContainer, orderId: string): Promise<Reservation[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "items.id"], filters: { id: orderId } })
  const lineItemIds = ((data[0] as any)?.items ?? []).map((i: any) => i.id as string)
  if (!lineItemIds.length) {
    return []
  }
  const reservations = await container.resolve(Modules.INVENTORY).listReservationItems({ line_item_id: lineItemIds })
  return reservations
    .map((r) => ({
      line_item_id: r.line_item_id as string,
      inventory_item_id: r.inventory_item_id,
      location_id: r.location_id,
      quantity: Number(r.quantity),
    }))
    .sort((a, b) => a.line_item_id.localeCompare(b.line_item_id) || a.location_id.localeCompare(b.location_id))
}

/**
 * Records events of one name from the app's event bus (e.g. `order.placed`,
 * `{ data: { id } }`). Events are released after the emitting workflow
 * finishes, so use `waitFor` rather than reading `events` right away.
 * Call `stop()` when done (the suite's container outlives the test).
 */
export function recordEvents(container: MedusaContainer, eventName: string) {
  const bus = container.resolve(Modules.EVENT_BUS)
  const events: { name?: string; data: any; metadata?: any }[] = []
  const subscriberId = `test-recorder-${eventName}-${uniq()}`
  const subscriber = async (event: any) => {
    events.push(event)
  }
  bus.subscribe(eventName, subscriber, { subscriberId })
  return {
    events,
    async waitFor(predicate: (event: { data: any }) => boolean = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = events.find(predicate)
        if (found) {
          return found
        }
        if (Date.now() > deadline) {
          throw new Error(`no ${eventName} event matched within ${timeoutMs} ms (got ${events.length})`)
        }
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    stop() {
      bus.unsubscribe(eventName, subscriber, { subscriberId })
    },
  }
}

function uniq() {
  return `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
}
