import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import {
  AdminCancelRecall,
  AdminCloseRecall,
  AdminCreateRecall,
  AdminExportRecallParams,
  AdminGetRecallParams,
  AdminGetRecallsParams,
  AdminNotifyRecall,
} from "./validators"
import { SERIAL_BODY_LIMIT } from "../../utils/validators"
import { AdminGetEpcisParams } from "../lots/[id]/epcis/validators"

export const adminRecallRoutesMiddlewares: MiddlewareRoute[] = [
  { matcher: "/admin/recalls", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetRecallsParams, {})] },
  { matcher: "/admin/recalls", methods: ["POST"], bodyParser: SERIAL_BODY_LIMIT, middlewares: [validateAndTransformBody(AdminCreateRecall)] },
  { matcher: "/admin/recalls/:id", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetRecallParams, {})] },
  { matcher: "/admin/recalls/:id/notify", methods: ["POST"], middlewares: [validateAndTransformBody(AdminNotifyRecall)] },
  { matcher: "/admin/recalls/:id/close", methods: ["POST"], middlewares: [validateAndTransformBody(AdminCloseRecall)] },
  { matcher: "/admin/recalls/:id/cancel", methods: ["POST"], middlewares: [validateAndTransformBody(AdminCancelRecall)] },
  {
    matcher: "/admin/recalls/:id/export",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminExportRecallParams, {})],
  },
  // The recall's events as an EPCIS 2.0 document.
  { matcher: "/admin/recalls/:id/epcis", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetEpcisParams, {})] },
]
