import type { MiddlewareRoute } from "@medusajs/framework/http"

/** CSV imports and the lot export. */
export const adminLotImportRoutesMiddlewares: MiddlewareRoute[] = []
