import type { MiddlewareRoute } from "@medusajs/framework/http"

/** Onboarding: opening balances and units not yet in any lot. */
export const adminOpeningBalanceRoutesMiddlewares: MiddlewareRoute[] = []
