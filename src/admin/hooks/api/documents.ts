import { keepPreviousData, useQuery } from "@tanstack/react-query"
import type { PackingSlip, PickList, PickListCandidateOrder } from "../../../types/http"
import { get, sdk } from "../../lib/sdk"
import { documentsQueryKeys } from "./query-keys"

/** The pick list of these orders (lines in walking order, shortfalls apart). */
export const usePickList = (orderIds: readonly string[]) =>
  useQuery({
    queryKey: documentsQueryKeys.pickList(orderIds),
    // Comma-separated: one parameter whatever the SDK's array format.
    queryFn: () => get<{ pick_list: PickList }>("/admin/lot-tracking/pick-list", { order_id: orderIds.join(",") }),
    enabled: orderIds.length > 0,
  })

export type PickableOrdersQuery = { limit: number; offset: number; location_id?: string }

/** Open orders with reserved lots, oldest first: what a pick list can be made of. */
export const usePickableOrders = (query: PickableOrdersQuery) =>
  useQuery({
    queryKey: documentsQueryKeys.pickableOrders(query),
    queryFn: () =>
      get<{ orders: PickListCandidateOrder[]; count: number; offset: number; limit: number }>("/admin/lot-tracking/pick-list/orders", query),
    placeholderData: keepPreviousData,
  })

export type PackingSlipQuery = { order_id: string } | { fulfillment_id: string }

/** The packing slip of an order, or of one of its fulfilments. */
export const usePackingSlip = (query: PackingSlipQuery | null) =>
  useQuery({
    queryKey: documentsQueryKeys.packingSlip(query),
    queryFn: () => get<{ packing_slip: PackingSlip }>("/admin/lot-tracking/packing-slip", query ?? {}),
    enabled: !!query,
  })

export type OrderFulfillmentChoice = { id: string; created_at: string; canceled_at: string | null; location_id: string | null }

/** An order's fulfilments (core API), to print the slip of one parcel. */
export const useOrderFulfillments = (orderId: string | null) =>
  useQuery({
    queryKey: documentsQueryKeys.packingSlip({ fulfillments_of: orderId }),
    enabled: !!orderId,
    queryFn: async () => {
      const { order } = await sdk.admin.order.retrieve(orderId!, {
        fields: "id,display_id,fulfillments.id,fulfillments.created_at,fulfillments.canceled_at,fulfillments.location_id",
      })
      return (order.fulfillments ?? []).map(
        (f: any): OrderFulfillmentChoice => ({
          id: f.id,
          created_at: f.created_at,
          canceled_at: f.canceled_at ?? null,
          location_id: f.location_id ?? null,
        })
      )
    },
  })
