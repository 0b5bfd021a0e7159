import { useQuery } from "@tanstack/react-query"
import type { ReturnLots } from "../../../types/http"
import { get, post, sdk } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
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

export type NameReturnLotsBody = { lots: { line_item_id: string; lot_id: string; quantity: number; damaged?: boolean }[] }

/** Naming (or confirming) the lots of returned units moves those lots' stock and the awaiting-lot hold. */
export const useNameReturnLots = (returnId: string, options?: MutationOptions<{ mode: string; return_lots: ReturnLots }, NameReturnLotsBody>) =>
  useInvalidatingMutation(
    (body: NameReturnLotsBody) => post<{ mode: string; return_lots: ReturnLots }>(`/admin/returns/${returnId}/lots`, body),
    LOT_STOCK_VIEWS,
    options
  )
