import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminOpeningBalance } from "./validators"
import { AdminGetUnassignedParams } from "../unassigned/validators"

/** Onboarding: opening balances and units not yet in any lot (docs/ONBOARDING.md). */
export const adminOpeningBalanceRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/lot-tracking/opening-balance",
    methods: ["POST"],
    // 500 lots with every attribute: above Medusa's default 100 KB.
    bodyParser: { sizeLimit: "1mb" },
    middlewares: [validateAndTransformBody(AdminOpeningBalance)],
  },
  {
    matcher: "/admin/lot-tracking/unassigned",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminGetUnassignedParams, {})],
  },
]
