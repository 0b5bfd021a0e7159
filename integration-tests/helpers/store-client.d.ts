// Types of store-client.js for the TypeScript helpers and specs.

export type Headers = Record<string, string>

/** Anything that resolves a response body and rejects on an HTTP error. */
export type StoreClient = {
  get: (path: string, headers?: Headers) => Promise<any>
  post: (path: string, body?: unknown, headers?: Headers) => Promise<any>
}

export declare const FR_ADDRESS: {
  first_name: string
  last_name: string
  address_1: string
  city: string
  postal_code: string
  country_code: string
  phone: string
}

export declare class ApiError extends Error {
  status: number
  body: unknown
  constructor(method: string, path: string, status: number, body: unknown)
}

export type CheckoutStep = "cart" | "line-items" | "shipping" | "payment" | "complete"

export declare class CheckoutStepError extends Error {
  step: CheckoutStep
  cause: any
  cartId?: string
  constructor(step: CheckoutStep, cause: unknown, cartId?: string)
}

export declare function createClient(
  baseUrl: string,
  options?: { headers?: Headers; retryRefusedMs?: number }
): StoreClient & { request: (method: string, path: string, body?: unknown, headers?: Headers) => Promise<any> }

export type ShippingOptionChoice = string | ((offered: { id: string; name: string }[], cartId: string) => string | undefined)

export type CartInput = {
  publishableKey: string
  headers?: Headers
  regionId: string
  salesChannelId?: string
  email?: string
  address?: Record<string, unknown>
  items: { variant_id: string; quantity: number }[]
  shippingOption: ShippingOptionChoice
}

export type PreparedCart = { cartId: string; headers: Headers }

export declare function prepareCart(client: StoreClient, input: CartInput): Promise<PreparedCart>
export declare function completeCart(client: StoreClient, cart: PreparedCart): Promise<any>
export declare function orderOf(completed: any, cartId: string): any
export declare function placeOrder(client: StoreClient, input: CartInput): Promise<any>
export declare function adminLogin(client: StoreClient, email: string, password: string): Promise<Headers>
export declare function helperError(message: string): Error & { type: "helper" }
