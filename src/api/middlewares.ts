import { authenticate, defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
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
import { noteFulfillmentLocation } from "./admin/orders/fulfillment-location"
import { AdminGetExpiryParams, AdminRunExpiryWatch } from "./admin/lot-tracking/expiry/validators"
import { AdminGetLotKpisParams } from "./admin/lot-tracking/kpis/validators"
import { AdminGetLotHoldsParams } from "./admin/lot-tracking/holds/validators"
import { AdminGetReconcileParams, AdminRunReconcile } from "./admin/lot-tracking/reconcile/validators"
import { AdminGetLotTraceParams } from "./admin/lots/[id]/trace/validators"
import {
  AdminCloseRecall,
  AdminCreateRecall,
  AdminExportRecallParams,
  AdminGetRecallParams,
  AdminGetRecallsParams,
  AdminNotifyRecall,
} from "./admin/recalls/validators"
import { StoreGetLotRecallsParams } from "./store/lot-recalls/validators"
import { AdminAssignReturnLots } from "./admin/returns/validators"

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
    { matcher: "/admin/returns/:id/lots", methods: ["POST"], middlewares: [validateAndTransformBody(AdminAssignReturnLots)] },
    {
      matcher: "/admin/orders/:id/fulfillments",
      methods: ["POST"],
      additionalDataValidator: fulfillmentLotsAdditionalData,
      middlewares: [noteFulfillmentLocation],
    },
    {
      matcher: "/admin/lot-tracking/expiry",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetExpiryParams, {})],
    },
    {
      matcher: "/admin/lot-tracking/expiry/run",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminRunExpiryWatch)],
    },
    {
      matcher: "/admin/lot-tracking/kpis",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetLotKpisParams, {})],
    },
    {
      matcher: "/admin/lot-tracking/holds",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetLotHoldsParams, {})],
    },
    {
      matcher: "/admin/lot-tracking/reconcile",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetReconcileParams, {})],
    },
    {
      matcher: "/admin/lot-tracking/reconcile",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminRunReconcile)],
    },
    // Recall desk and traceability
    { matcher: "/admin/lots/:id/trace", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetLotTraceParams, {})] },
    { matcher: "/admin/recalls", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetRecallsParams, {})] },
    { matcher: "/admin/recalls", methods: ["POST"], middlewares: [validateAndTransformBody(AdminCreateRecall)] },
    { matcher: "/admin/recalls/:id", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetRecallParams, {})] },
    { matcher: "/admin/recalls/:id/notify", methods: ["POST"], middlewares: [validateAndTransformBody(AdminNotifyRecall)] },
    { matcher: "/admin/recalls/:id/close", methods: ["POST"], middlewares: [validateAndTransformBody(AdminCloseRecall)] },
    {
      matcher: "/admin/recalls/:id/export",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminExportRecallParams, {})],
    },
    {
      matcher: "/store/customers/me/orders/:id/lots",
      methods: ["GET"],
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    { matcher: "/store/lot-recalls", methods: ["GET"], middlewares: [validateAndTransformQuery(StoreGetLotRecallsParams, {})] },
  ],
})
