import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { lotService } from "../../../../modules/lot_tracking/resolve"
import { describeLots, pgConnection, queryExpiryLots } from "../../../../workflows/expiry-watch/expiry-lots"
import type { AdminGetExpiryParamsType } from "./validators"

/**
 * The admin's Expiry page: lots of tracked items with stock on hand that are
 * expired, or expire within `days` (else each item's warning window), soonest
 * first, with units per location and whether they were announced.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetExpiryParamsType>, res: MedusaResponse) => {
  const { days, state, location_id, inventory_item_id, limit, offset } = req.validatedQuery as AdminGetExpiryParamsType
  const service = lotService(req.scope)
  const [options, today] = await Promise.all([service.getOptions(), service.today()])
  const { lots, count, summary } = await queryExpiryLots(pgConnection(req.scope), {
    today,
    defaultWarningDays: options.expiry_warning_days,
    days: days ?? null,
    state,
    locationIds: location_id,
    inventoryItemIds: inventory_item_id,
    limit,
    offset,
  })
  const { items, locations } = await describeLots(req.scope, lots)
  res.json({
    today,
    time_zone: options.time_zone,
    days: days ?? null,
    summary,
    lots: lots.map(({ alerts, stock, ...lot }) => ({
      ...lot,
      available_quantity: lot.stocked_quantity - lot.reserved_quantity,
      inventory_item: items.get(lot.inventory_item_id) ?? null,
      stock: stock
        .map((s) => ({
          ...s,
          location_name: locations.get(s.location_id) ?? null,
          available_quantity: s.stocked_quantity - s.reserved_quantity,
        }))
        .sort((a, b) => (a.location_name ?? a.location_id).localeCompare(b.location_name ?? b.location_id)),
      announced: {
        expiring: alerts.find((a) => a.state === "expiring")?.announced_at ?? null,
        expired: alerts.find((a) => a.state === "expired")?.announced_at ?? null,
      },
    })),
    count,
    offset,
    limit,
  })
}
