import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { lotService } from "../../../../modules/lot_tracking/resolve"

/**
 * `GET /admin/lot-tracking/settings`: the plugin options the admin needs
 * (read-only), e.g. where a GS1 scan's AI 10 goes (`gs1_lot_is_supplier_code`).
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const o = await lotService(req.scope).getOptions()
  res.json({
    settings: {
      gs1_lot_is_supplier_code: o.gs1_lot_is_supplier_code,
      time_zone: o.time_zone,
      default_strategy: o.default_strategy,
      require_expiry: o.require_expiry,
      expiry_warning_days: o.expiry_warning_days,
      min_shelf_life_days: o.min_shelf_life_days,
    },
  })
}
