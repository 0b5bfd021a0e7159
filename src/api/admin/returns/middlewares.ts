import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminAssignReturnLots } from "./validators"

export const adminReturnRoutesMiddlewares: MiddlewareRoute[] = [
  { matcher: "/admin/returns/:id/lots", methods: ["POST"], middlewares: [validateAndTransformBody(AdminAssignReturnLots)] },
]
