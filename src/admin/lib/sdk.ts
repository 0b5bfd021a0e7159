import Medusa from "@medusajs/js-sdk"

/**
 * The JS SDK as Medusa's admin customization docs set it up: same origin as
 * the dashboard unless VITE_BACKEND_URL says otherwise, and the dashboard's
 * session cookie for authentication.
 */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  debug: import.meta.env.DEV && import.meta.env.VITE_LOT_TRACKING_DEBUG === "true",
  auth: { type: "session" },
})
