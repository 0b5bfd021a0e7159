import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { noteFulfillmentLocation } from "./fulfillment-location"
import { AdminAssignOrderLots, fulfillmentLotsAdditionalData } from "./validators"
import { SERIAL_BODY_LIMIT } from "../../utils/validators"

export const adminOrderRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/orders/:id/lots",
    methods: ["POST"],
    bodyParser: SERIAL_BODY_LIMIT,
    middlewares: [validateAndTransformBody(AdminAssignOrderLots)],
  },
  // Medusa's own fulfilment route: `additional_data.lots` names the lots shipped.
  {
    matcher: "/admin/orders/:id/fulfillments",
    methods: ["POST"],
    additionalDataValidator: fulfillmentLotsAdditionalData,
    bodyParser: SERIAL_BODY_LIMIT,
    middlewares: [noteFulfillmentLocation],
  },
]
