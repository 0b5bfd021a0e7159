import { useQueries, useQuery } from "@tanstack/react-query"
import type { ReturnLots } from "../../../types/http"
import { get, post, sdk } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import { useOrderLots } from "./order-lots"
import { trackingPolicyQuery } from "./policies"
import { LOT_STOCK_VIEWS, returnLotsQueryKeys } from "./query-keys"

/** A return of the order with its lots. */
export type OrderReturn = { id: string; status: string; display_id?: number | null; created_at: string; lots: ReturnLots }

type ReturnRow = Omit<OrderReturn, "lots">

/**
 * The lots of an order's returns (`GET /admin/returns/:id/lots` for each
 * return of the order that is not canceled), newest return first.
 */
export const useOrderReturnLots = (orderId: string) =>
  useQuery({
    queryKey: returnLotsQueryKeys.list({ order_id: orderId }),
    queryFn: async (): Promise<OrderReturn[]> => {
      const { returns } = await sdk.admin.return.list({
        order_id: orderId,
        limit: 50,
        fields: "id,status,display_id,created_at",
        order: "-created_at",
      })
      const open = (returns as unknown as ReturnRow[]).filter((r) => r.status !== "canceled")
      return Promise.all(
        open.map(async (r) => ({
          ...r,
          lots: (await get<{ return_lots: ReturnLots }>(`/admin/returns/${r.id}/lots`)).return_lots,
        }))
      )
    },
  })

/**
 * Which returned items are serialized, and the units each line shipped that
 * are still out. An item is serialized when the order's lots list serials of
 * it (`GET /admin/orders/:id/lots`), else when its policy says so (looked up
 * only for the other items).
 */
export const useReturnSerials = (orderId: string, itemIds: string[]) => {
  const orderLots = useOrderLots(orderId)
  const lines = orderLots.data?.order_lots.lines ?? []
  const known = new Set(lines.flatMap((l) => (l.serials ?? []).map((s) => s.inventory_item_id)))
  const others = [...new Set(itemIds)].filter((id) => !known.has(id)).sort()
  const policies = useQueries({ queries: others.map((id) => ({ ...trackingPolicyQuery(id), enabled: orderLots.isSuccess })) })
  const byPolicy = new Set(others.filter((_, i) => policies[i]?.data?.policy.serialized))
  return {
    isLoading: orderLots.isLoading || policies.some((p) => p.isLoading),
    isSerialized: (itemId: string) => known.has(itemId) || byPolicy.has(itemId),
    /** Serials of the line's item that shipped and are not back. */
    shipped: (lineItemId: string, itemId: string) =>
      (lines.find((l) => l.line_item_id === lineItemId)?.serials ?? [])
        .filter((s) => s.inventory_item_id === itemId && s.status === "shipped")
        .map((s) => s.serial_number),
  }
}

export type ReturnSerials = ReturnType<typeof useReturnSerials>

/** A lot and its units, or (serialized items) the units that came back, by serial. */
export type NameReturnLotsBody = {
  lots: (
    | { line_item_id: string; lot_id: string; quantity: number; damaged?: boolean }
    | { line_item_id: string; serial_numbers: string[]; damaged?: boolean }
  )[]
}

/** Naming (or confirming) the lots of returned units moves those lots' stock, their serials and the awaiting-lot hold. */
export const useNameReturnLots = (returnId: string, options?: MutationOptions<{ mode: string; return_lots: ReturnLots }, NameReturnLotsBody>) =>
  useInvalidatingMutation(
    (body: NameReturnLotsBody) => post<{ mode: string; return_lots: ReturnLots }>(`/admin/returns/${returnId}/lots`, body),
    LOT_STOCK_VIEWS,
    options
  )
