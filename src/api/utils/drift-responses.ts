import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Drift } from "../../lib/reconcile"
import { itemNames } from "../../read-models/item-names"
import type { Resolver } from "../../read-models/pg"
import type { DescribedDrift } from "../../types/http"

export type { DescribedDrift }

/** Adds what staff recognise: the item's SKU, title and label, the location's name, the order's number. */
export async function describeDrift(container: Resolver, list: Drift[]): Promise<DescribedDrift[]> {
  const locations = [...new Set(list.map((d) => d.location_id).filter((x): x is string => !!x))]
  const orders = [...new Set(list.map((d) => d.order_id).filter((x): x is string => !!x))]
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [item, locationRows, orderRows] = await Promise.all([
    itemNames(
      container,
      list.map((d) => d.inventory_item_id)
    ),
    locations.length ? container.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: locations }, { select: ["id", "name"] }) : [],
    orders.length
      ? query.graph({ entity: "order", fields: ["id", "display_id"], filters: { id: orders } }).then((r: { data: any[] }) => r.data)
      : [],
  ])
  const location = new Map<string, string>(locationRows.map((l: any) => [l.id, l.name]))
  const order = new Map<string, number>(orderRows.map((o: any) => [o.id, o.display_id]))
  return list.map((d) => ({
    ...d,
    sku: (d.inventory_item_id && item.get(d.inventory_item_id)?.sku) || null,
    item_title: (d.inventory_item_id && item.get(d.inventory_item_id)?.title) || null,
    item_label: (d.inventory_item_id && item.get(d.inventory_item_id)?.label) || null,
    location_name: (d.location_id && location.get(d.location_id)) || null,
    order_display_id: (d.order_id && order.get(d.order_id)) || null,
  }))
}
