import { defineMiddlewares } from "@medusajs/framework/http"
import { adminLotTrackingRoutesMiddlewares } from "./admin/lot-tracking/middlewares"
import { adminLotImportRoutesMiddlewares } from "./admin/lot-tracking/imports/middlewares"
import { adminOpeningBalanceRoutesMiddlewares } from "./admin/lot-tracking/opening-balance/middlewares"
import { adminLotDocumentRoutesMiddlewares } from "./admin/lot-tracking/pick-list/middlewares"
import { idempotencyRoutesMiddlewares } from "./idempotency-middlewares"
import { adminLotRoutesMiddlewares } from "./admin/lots/middlewares"
import { adminOrderRoutesMiddlewares } from "./admin/orders/middlewares"
import { adminRecallRoutesMiddlewares } from "./admin/recalls/middlewares"
import { adminRecallNoticeRoutesMiddlewares } from "./admin/recalls/[id]/notices/middlewares"
import { adminReturnRoutesMiddlewares } from "./admin/returns/middlewares"
import { adminSerialRoutesMiddlewares } from "./admin/serials/middlewares"
import { storeRoutesMiddlewares } from "./store/middlewares"

// One list per resource, beside its routes and validators, as Medusa's own API does.
export default defineMiddlewares({
  routes: [
    // First: a retried request is answered from its first answer before anything else runs.
    ...idempotencyRoutesMiddlewares,
    ...adminLotRoutesMiddlewares,
    ...adminLotTrackingRoutesMiddlewares,
    ...adminOpeningBalanceRoutesMiddlewares,
    ...adminLotImportRoutesMiddlewares,
    ...adminLotDocumentRoutesMiddlewares,
    ...adminOrderRoutesMiddlewares,
    ...adminReturnRoutesMiddlewares,
    ...adminRecallRoutesMiddlewares,
    ...adminRecallNoticeRoutesMiddlewares,
    ...adminSerialRoutesMiddlewares,
    ...storeRoutesMiddlewares,
  ],
})
