import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminGetPackingSlipParams } from "../packing-slip/validators"
import { AdminGetPickableOrdersParams, AdminGetPickListParams } from "./validators"

/** Pick lists and packing slips. */
export const adminLotDocumentRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/lot-tracking/pick-list",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminGetPickListParams, {})],
  },
  {
    matcher: "/admin/lot-tracking/pick-list/orders",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminGetPickableOrdersParams, {})],
  },
  {
    matcher: "/admin/lot-tracking/packing-slip",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminGetPackingSlipParams, {})],
  },
]
