import type { MiddlewareRoute } from "@medusajs/framework/http"
import { IDEMPOTENT_ROUTES, idempotentRequest } from "./utils/idempotency"

/**
 * `Idempotency-Key` on every stock-moving POST (docs/INTEGRATION.md). Listed
 * first in `src/api/middlewares.ts`, so that on each path it runs before the
 * body is validated: a retry is answered before anything else runs.
 */
export const idempotencyRoutesMiddlewares: MiddlewareRoute[] = IDEMPOTENT_ROUTES.map((matcher) => ({
  matcher,
  methods: ["POST"],
  middlewares: [idempotentRequest],
}))
