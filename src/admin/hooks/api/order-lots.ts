import { useQuery } from "@tanstack/react-query"
import type { OrderLotLine, OrderLots } from "../../../types/http"
import { get, post } from "../../lib/sdk"
import { inventoryItemIdBySku } from "./core"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import { dashboardQueryKeys, holdsQueryKeys, lotsQueryKeys, orderLotsQueryKeys, reconcileQueryKeys, serialsQueryKeys } from "./query-keys"

export const useOrderLots = (orderId: string) =>
  useQuery({
    queryKey: orderLotsQueryKeys.detail(orderId),
    queryFn: () => get<{ order_lots: OrderLots }>(`/admin/orders/${orderId}/lots`),
  })

/** The inventory item of a line: from its lots, else by the variant's SKU. */
export const useOrderLineInventoryItem = (line: OrderLotLine | null) =>
  useQuery({
    queryKey: orderLotsQueryKeys.lineItem(line?.line_item_id ?? "", line?.sku ?? null),
    enabled: !!line,
    queryFn: async () => {
      const fromLots = line?.allocations.find((a) => a.inventory_item_id)?.inventory_item_id
      if (fromLots) {
        return fromLots
      }
      return line?.sku ? inventoryItemIdBySku(line.sku) : null
    },
  })

/**
 * A line's reservations, named by lots, or (serialized items) by the serials
 * of the units to ship, which decide the line's lots.
 */
export type AssignOrderLotsBody =
  | { line_item_id: string; lots: { lot_id: string; quantity: number }[] }
  | { line_item_id: string; serial_numbers: string[] }

/** Chosen lots or serials replace a line's reservations: the order, the lots' reserved units, the serials and the hold move. */
export const useAssignOrderLots = (orderId: string, options?: MutationOptions<{ order_lots: OrderLots }, AssignOrderLotsBody>) =>
  useInvalidatingMutation(
    (body: AssignOrderLotsBody) => post<{ order_lots: OrderLots }>(`/admin/orders/${orderId}/lots`, body),
    [
      orderLotsQueryKeys.detail(orderId),
      lotsQueryKeys.all,
      serialsQueryKeys.all,
      holdsQueryKeys.all,
      reconcileQueryKeys.all,
      dashboardQueryKeys.reservationItems,
    ],
    options
  )
