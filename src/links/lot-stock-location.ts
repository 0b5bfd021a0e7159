import { defineLink } from "@medusajs/framework/utils"
import StockLocationModule from "@medusajs/medusa/stock-location"
import LotTrackingModule from "../modules/lot_tracking"

// Read-only: lets query.graph join lot stock to its stock location.
export default defineLink(
  { linkable: LotTrackingModule.linkable.lotStock, field: "location_id" },
  StockLocationModule.linkable.stockLocation,
  { readOnly: true }
)
