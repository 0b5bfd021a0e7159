import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminGetExpiryParams, AdminRunExpiryWatch } from "./expiry/validators"
import { AdminGetLotHoldsParams } from "./holds/validators"
import { AdminGetLotKpisParams } from "./kpis/validators"
import { AdminUpsertTrackingPolicy } from "./policies/validators"
import { AdminGetReconcileParams, AdminRunReconcile } from "./reconcile/validators"

export const adminLotTrackingRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/lot-tracking/policies/:inventory_item_id",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminUpsertTrackingPolicy)],
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
]
