import { defineLink } from "@medusajs/framework/utils"
import InventoryModule from "@medusajs/medusa/inventory"
import LotTrackingModule from "../modules/lot_tracking"

// Read-only: lets query.graph join a lot to its inventory item without a pivot table.
export default defineLink(
  { linkable: LotTrackingModule.linkable.lot, field: "inventory_item_id" },
  InventoryModule.linkable.inventoryItem,
  { readOnly: true }
)
