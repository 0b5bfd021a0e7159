import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import {
  AdminAdjustLotStock,
  AdminCreateLot,
  AdminGetLotMovementsParams,
  AdminGetLotsParams,
  AdminLotStatusChange,
  AdminReceiveLotStock,
  AdminTransferLotStock,
  AdminUpdateLot,
  AdminWriteOffLotStock,
} from "./admin/lots/validators"
import { AdminUpsertTrackingPolicy } from "./admin/lot-tracking/policies/validators"
import { AdminAssignOrderLots, fulfillmentLotsAdditionalData } from "./admin/orders/validators"

export default defineMiddlewares({
  routes: [
    { matcher: "/admin/lots", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetLotsParams, {})] },
    { matcher: "/admin/lots", methods: ["POST"], middlewares: [validateAndTransformBody(AdminCreateLot)] },
    { matcher: "/admin/lots/:id", methods: ["POST"], middlewares: [validateAndTransformBody(AdminUpdateLot)] },
    { matcher: "/admin/lots/:id/receive", methods: ["POST"], middlewares: [validateAndTransformBody(AdminReceiveLotStock)] },
    { matcher: "/admin/lots/:id/adjust", methods: ["POST"], middlewares: [validateAndTransformBody(AdminAdjustLotStock)] },
    { matcher: "/admin/lots/:id/transfer", methods: ["POST"], middlewares: [validateAndTransformBody(AdminTransferLotStock)] },
    { matcher: "/admin/lots/:id/write-off", methods: ["POST"], middlewares: [validateAndTransformBody(AdminWriteOffLotStock)] },
    { matcher: "/admin/lots/:id/quarantine", methods: ["POST"], middlewares: [validateAndTransformBody(AdminLotStatusChange)] },
    { matcher: "/admin/lots/:id/release", methods: ["POST"], middlewares: [validateAndTransformBody(AdminLotStatusChange)] },
    {
      matcher: "/admin/lots/:id/movements",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetLotMovementsParams, {})],
    },
    {
      matcher: "/admin/lot-tracking/policies/:inventory_item_id",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpsertTrackingPolicy)],
    },
    { matcher: "/admin/orders/:id/lots", methods: ["POST"], middlewares: [validateAndTransformBody(AdminAssignOrderLots)] },
    {
      matcher: "/admin/orders/:id/fulfillments",
      methods: ["POST"],
      additionalDataValidator: fulfillmentLotsAdditionalData,
    },
  ],
})
