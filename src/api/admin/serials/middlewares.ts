import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminGetSerialsParams } from "./validators"

export const adminSerialRoutesMiddlewares: MiddlewareRoute[] = [
  { matcher: "/admin/serials", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetSerialsParams, {})] },
]
