import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

/**
 * Medusa takes a fulfilment's units from `location_id` when the request names
 * one, else from where each line was reserved (while the fulfilment itself
 * gets the shipping option's location). The fulfilment hook cannot see the
 * request, so this notes in `additional_data` whether a location was named;
 * lots are then recorded where Medusa really took the stock. It works
 * whether it runs before or after core's body validation.
 */
export function noteFulfillmentLocation(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const body = (req.body ?? {}) as Record<string, any>
  const given = body.location_id !== undefined && body.location_id !== null && body.location_id !== ""
  body.additional_data = { ...(body.additional_data ?? {}), lot_location_given: given }
  req.body = body
  const validated = (req as any).validatedBody
  if (validated && typeof validated === "object") {
    validated.additional_data = { ...(validated.additional_data ?? {}), lot_location_given: given }
  }
  next()
}
