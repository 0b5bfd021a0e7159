import { defineMiddlewares } from "@medusajs/framework/http"
import { adminLotTrackingRoutesMiddlewares } from "./admin/lot-tracking/middlewares"
import { adminLotRoutesMiddlewares } from "./admin/lots/middlewares"
import { adminOrderRoutesMiddlewares } from "./admin/orders/middlewares"
import { adminRecallRoutesMiddlewares } from "./admin/recalls/middlewares"
import { adminReturnRoutesMiddlewares } from "./admin/returns/middlewares"
import { adminSerialRoutesMiddlewares } from "./admin/serials/middlewares"
import { storeRoutesMiddlewares } from "./store/middlewares"

// One list per resource, beside its routes and validators, as Medusa's own API does.
export default defineMiddlewares({
  routes: [
    ...adminLotRoutesMiddlewares,
    ...adminLotTrackingRoutesMiddlewares,
    ...adminOrderRoutesMiddlewares,
    ...adminReturnRoutesMiddlewares,
    ...adminRecallRoutesMiddlewares,
    ...adminSerialRoutesMiddlewares,
    ...storeRoutesMiddlewares,
  ],
})
