import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminResendRecallNotice } from "./validators"

export const adminRecallNoticeRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/recalls/:id/notices/:notice_id/resend",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminResendRecallNotice)],
  },
]
