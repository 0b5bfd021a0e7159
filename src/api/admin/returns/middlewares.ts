import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminAssignReturnLots } from "./validators"
import { SERIAL_BODY_LIMIT } from "../../utils/validators"

export const adminReturnRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/returns/:id/lots",
    methods: ["POST"],
    bodyParser: SERIAL_BODY_LIMIT,
    middlewares: [validateAndTransformBody(AdminAssignReturnLots)],
  },
]
