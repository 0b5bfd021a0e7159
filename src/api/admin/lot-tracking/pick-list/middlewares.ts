import type { MiddlewareRoute } from "@medusajs/framework/http"

/** Pick lists and packing slips. */
export const adminLotDocumentRoutesMiddlewares: MiddlewareRoute[] = []
