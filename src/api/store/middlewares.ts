import { authenticate, validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { StoreGetLotRecallsParams } from "./lot-recalls/validators"
import { StoreAcknowledgeRecallNotice } from "./lot-recalls/notices/validators"

export const storeRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/customers/me/orders/:id/lots",
    methods: ["GET"],
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  { matcher: "/store/lot-recalls", methods: ["GET"], middlewares: [validateAndTransformQuery(StoreGetLotRecallsParams, {})] },
  {
    matcher: "/store/lot-recalls/notices/:token",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(StoreAcknowledgeRecallNotice)],
  },
]
