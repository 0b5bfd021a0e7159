import type { MiddlewareRoute } from "@medusajs/framework/http"

/** `Idempotency-Key` on every stock-moving POST (docs/INTEGRATION.md). */
export const idempotencyRoutesMiddlewares: MiddlewareRoute[] = []
