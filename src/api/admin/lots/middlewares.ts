import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import {
  AdminAdjustLotStock,
  AdminCreateLot,
  AdminGetLotMovementsParams,
  AdminGetLotsParams,
  AdminLotStatusChange,
  AdminPutAwayLotStock,
  AdminReceiveLotStock,
  AdminTransferLotStock,
  AdminUpdateLot,
  AdminWriteOffLotStock,
} from "./validators"
import { SERIAL_BODY_LIMIT } from "../../utils/validators"
import { AdminGetLotTraceParams } from "./[id]/trace/validators"
import { AdminGetLotDigitalLinkParams } from "./[id]/digital-link/validators"
import { AdminGetEpcisParams } from "./[id]/epcis/validators"

export const adminLotRoutesMiddlewares: MiddlewareRoute[] = [
  { matcher: "/admin/lots", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetLotsParams, {})] },
  // Bodies that may name 10,000 serials get a larger limit.
  { matcher: "/admin/lots", methods: ["POST"], bodyParser: SERIAL_BODY_LIMIT, middlewares: [validateAndTransformBody(AdminCreateLot)] },
  { matcher: "/admin/lots/:id", methods: ["POST"], middlewares: [validateAndTransformBody(AdminUpdateLot)] },
  {
    matcher: "/admin/lots/:id/receive",
    methods: ["POST"],
    bodyParser: SERIAL_BODY_LIMIT,
    middlewares: [validateAndTransformBody(AdminReceiveLotStock)],
  },
  { matcher: "/admin/lots/:id/adjust", methods: ["POST"], middlewares: [validateAndTransformBody(AdminAdjustLotStock)] },
  {
    matcher: "/admin/lots/:id/transfer",
    methods: ["POST"],
    bodyParser: SERIAL_BODY_LIMIT,
    middlewares: [validateAndTransformBody(AdminTransferLotStock)],
  },
  {
    matcher: "/admin/lots/:id/write-off",
    methods: ["POST"],
    bodyParser: SERIAL_BODY_LIMIT,
    middlewares: [validateAndTransformBody(AdminWriteOffLotStock)],
  },
  // The lot's units at a location now sit in another bin.
  { matcher: "/admin/lots/:id/put-away", methods: ["POST"], middlewares: [validateAndTransformBody(AdminPutAwayLotStock)] },
  { matcher: "/admin/lots/:id/quarantine", methods: ["POST"], middlewares: [validateAndTransformBody(AdminLotStatusChange)] },
  { matcher: "/admin/lots/:id/release", methods: ["POST"], middlewares: [validateAndTransformBody(AdminLotStatusChange)] },
  {
    matcher: "/admin/lots/:id/movements",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminGetLotMovementsParams, {})],
  },
  // Traceability: every shipment of the lot, and where it came from.
  { matcher: "/admin/lots/:id/trace", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetLotTraceParams, {})] },
  // The lot's events as an EPCIS 2.0 document.
  { matcher: "/admin/lots/:id/epcis", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetEpcisParams, {})] },
  // The lot's GS1 Digital Link and its QR code.
  { matcher: "/admin/lots/:id/digital-link", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetLotDigitalLinkParams, {})] },
]
