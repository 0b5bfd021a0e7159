import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "./sdk"
import type {
  InventoryItem,
  ListResponse,
  Lot,
  LotHold,
  LotMovement,
  OrderLots,
  RecallDetail,
  RecallListItem,
  ReturnLots,
  StockLocation,
  LotTrace,
  TrackingPolicy,
  DriftReport,
  ReconcileRun,
  RepairableKind,
} from "./types"

/** Query parameters as the API takes them (undefined values are left out). */
export type Query = Record<string, string | number | boolean | string[] | undefined>

const clean = (q: Query) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ""))

export const get = <T>(path: string, query: Query = {}) =>
  sdk.client.fetch<T>(path, { method: "GET", query: clean(query) })

export const post = <T>(path: string, body: Record<string, unknown> = {}) => sdk.client.fetch<T>(path, { method: "POST", body })

/** Fetches a file (CSV) with the session and hands it to the browser as a download. */
export async function downloadFile(path: string, filename: string, query: Query = {}) {
  const res = (await sdk.client.fetch<Response>(path, {
    method: "GET",
    query: clean(query),
    headers: { accept: "text/csv" },
  })) as unknown as Response
  const blob = await res.blob()
  const disposition = res.headers.get("content-disposition") ?? ""
  const named = /filename="?([^";]+)"?/i.exec(disposition)?.[1]
  const url = URL.createObjectURL(blob)
  const a = document.createElement("a")
  a.href = url
  a.download = named || filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export const keys = {
  lots: (q: Query) => ["lot-tracking", "lots", q] as const,
  lot: (id: string) => ["lot-tracking", "lot", id] as const,
  movements: (id: string) => ["lot-tracking", "movements", id] as const,
  trace: (id: string) => ["lot-tracking", "trace", id] as const,
  policy: (itemId: string) => ["lot-tracking", "policy", itemId] as const,
  orderLots: (orderId: string) => ["lot-tracking", "order-lots", orderId] as const,
  recalls: (q: Query) => ["lot-tracking", "recalls", q] as const,
  recall: (id: string) => ["lot-tracking", "recall", id] as const,
  expiry: (days: number) => ["lot-tracking", "expiry", days] as const,
  kpis: (q: Query) => ["lot-tracking", "kpis", q] as const,
  holds: (itemId: string) => ["lot-tracking", "holds", itemId] as const,
  locations: () => ["lot-tracking", "stock-locations"] as const,
  items: (q: string) => ["lot-tracking", "inventory-items", q] as const,
}

/**
 * The dashboard's own query keys whose figures a lot action changes: stock
 * moves Medusa's inventory levels, and the hold (a reservation) moves their
 * reserved and available quantities.
 */
const DASHBOARD_KEYS_MOVED_BY_LOTS = [["inventory_items"], ["reservation_items"]]

/** After any change: lots, their stock, holds, orders and recalls may all have moved. */
export function useInvalidateLotTracking() {
  const qc = useQueryClient()
  return () =>
    Promise.all(
      [["lot-tracking"], ...DASHBOARD_KEYS_MOVED_BY_LOTS].map((queryKey) => qc.invalidateQueries({ queryKey }))
    ).then(() => undefined)
}

export const useLots = (q: Query, options: { enabled?: boolean } = {}) =>
  useQuery({
    queryKey: keys.lots(q),
    queryFn: () => get<ListResponse<"lots", Lot>>("/admin/lots", q),
    placeholderData: keepPreviousData,
    ...options,
  })

export const useLot = (id: string) =>
  useQuery({ queryKey: keys.lot(id), queryFn: () => get<{ lot: Lot }>(`/admin/lots/${id}`) })

export const useLotMovements = (id: string) =>
  useQuery({
    queryKey: keys.movements(id),
    queryFn: () => get<ListResponse<"movements", LotMovement>>(`/admin/lots/${id}/movements`, { limit: 200 }),
  })

export const useLotTrace = (id: string) =>
  useQuery({
    queryKey: keys.trace(id),
    queryFn: () => get<LotTrace>(`/admin/lots/${id}/trace`, { limit: 100 }),
    retry: false,
  })

export const useTrackingPolicy = (itemId: string) =>
  useQuery({
    queryKey: keys.policy(itemId),
    queryFn: () => get<{ policy: TrackingPolicy }>(`/admin/lot-tracking/policies/${itemId}`),
  })

export const useOrderLots = (orderId: string) =>
  useQuery({
    queryKey: keys.orderLots(orderId),
    queryFn: () => get<{ order_lots: OrderLots }>(`/admin/orders/${orderId}/lots`),
  })

export const useStockLocations = () =>
  useQuery({
    queryKey: keys.locations(),
    queryFn: () =>
      get<ListResponse<"stock_locations", StockLocation>>("/admin/stock-locations", { limit: 100, fields: "id,name" }),
    staleTime: 60_000,
  })

export const useInventoryItemSearch = (q: string) =>
  useQuery({
    queryKey: keys.items(q),
    queryFn: () =>
      get<ListResponse<"inventory_items", InventoryItem>>("/admin/inventory-items", {
        q: q || undefined,
        limit: 20,
        fields: "id,sku,title",
      }),
    placeholderData: keepPreviousData,
  })

export const useRecalls = (q: Query) =>
  useQuery({
    queryKey: keys.recalls(q),
    queryFn: () => get<ListResponse<"recalls", RecallListItem> & { counts: Record<string, number> }>("/admin/recalls", q),
    placeholderData: keepPreviousData,
    retry: false,
  })

export const useRecall = (id: string) =>
  useQuery({ queryKey: keys.recall(id), queryFn: () => get<RecallDetail>(`/admin/recalls/${id}`, { limit: 200 }) })

/** What lot tracking holds back from sale for an item (refetched with every other lot-tracking query after a change). */
export const useLotHolds = (itemId: string) =>
  useQuery({
    queryKey: keys.holds(itemId),
    queryFn: () => get<{ holds: LotHold[] }>("/admin/lot-tracking/holds", { inventory_item_id: itemId }),
  })

/**
 * The lots of an order's returns (`GET /admin/returns/:id/lots` for each
 * return of the order that is not canceled), newest return first.
 */
export const useOrderReturnLots = (orderId: string) =>
  useQuery({
    queryKey: ["lot-tracking", "return-lots", orderId] as const,
    queryFn: async () => {
      const { returns } = await get<{ returns: { id: string; status: string; display_id?: number | null; created_at: string }[] }>(
        "/admin/returns",
        { order_id: orderId, limit: 50, fields: "id,status,display_id,created_at", order: "-created_at" }
      )
      const open = returns.filter((r) => r.status !== "canceled")
      return Promise.all(
        open.map(async (r) => ({
          ...r,
          lots: (await get<{ return_lots: ReturnLots }>(`/admin/returns/${r.id}/lots`)).return_lots,
        }))
      )
    },
  })

/** The differences between the lot books and Medusa's (`GET /admin/lot-tracking/reconcile`). */
export const useLotDrift = (q: Query) =>
  useQuery({
    queryKey: ["lot-tracking", "reconcile", q] as const,
    queryFn: () => get<DriftReport>("/admin/lot-tracking/reconcile", q),
    placeholderData: keepPreviousData,
  })

/** Runs every safe repair (`POST /admin/lot-tracking/reconcile`), then refetches everything lot tracking shows. */
export const useRepairLotDrift = () => {
  const invalidate = useInvalidateLotTracking()
  return useMutation({
    mutationFn: (body: { kinds?: RepairableKind[]; dismiss_failure_ids?: string[] } = {}) =>
      post<{ reconcile: ReconcileRun }>("/admin/lot-tracking/reconcile", body).then((r) => r.reconcile),
    onSettled: () => invalidate(),
  })
}
