import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query"
import type { ListResponse, Lot, LotMovement, LotTrace } from "../../../types/http"
import type { ReceiveLotBody } from "../../lib/receive-form"
import { downloadFile, get, post, type Query } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import { LOT_STATUS_VIEWS, LOT_STOCK_VIEWS, lotsQueryKeys } from "./query-keys"

export const useLots = (query: Query, options: { enabled?: boolean } = {}) =>
  useQuery({
    queryKey: lotsQueryKeys.list(query),
    queryFn: () => get<ListResponse<"lots", Lot>>("/admin/lots", query),
    placeholderData: keepPreviousData,
    ...options,
  })

export const useLot = (id: string) =>
  useQuery({ queryKey: lotsQueryKeys.detail(id), queryFn: () => get<{ lot: Lot }>(`/admin/lots/${id}`) })

/** The route loader of a lot's page (its breadcrumb). */
export const fetchLot = (id: string) => get<{ lot: Lot }>(`/admin/lots/${id}`)

export const useLotMovements = (id: string) =>
  useQuery({
    queryKey: lotsQueryKeys.movements(id),
    queryFn: () => get<ListResponse<"movements", LotMovement>>(`/admin/lots/${id}/movements`, { limit: 200 }),
  })

export const useLotTrace = (id: string) =>
  useQuery({
    queryKey: lotsQueryKeys.trace(id),
    queryFn: () => get<LotTrace>(`/admin/lots/${id}/trace`, { limit: 100 }),
    retry: false,
  })

/** `POST /admin/lots`: a new lot with the units received per location. */
export type CreateLotBody = ReceiveLotBody

/** The new lot and, for a serialized item, the serials received (named or generated). */
export type CreateLotResponse = { lot: Lot; serial_numbers?: string[] }

export const useCreateLot = (options?: MutationOptions<CreateLotResponse, CreateLotBody>) =>
  useInvalidatingMutation((body: CreateLotBody) => post<CreateLotResponse>("/admin/lots", body), LOT_STOCK_VIEWS, options)

/** `POST /admin/lots/:id`: the changed attributes (null clears one). */
export type UpdateLotBody = Partial<
  Record<"lot_number" | "manufactured_at" | "expires_at" | "best_before" | "supplier" | "supplier_lot_code" | "origin", string | null>
>

export const useUpdateLot = (id: string, options?: MutationOptions<{ lot: Lot }, UpdateLotBody>) =>
  useInvalidatingMutation((body: UpdateLotBody) => post<{ lot: Lot }>(`/admin/lots/${id}`, body), LOT_STATUS_VIEWS, options)

/** Units received, optionally into a bin; serialized items name them (a list or a range) or have them generated. */
export type ReceiveLotStockBody = {
  location_id: string
  quantity: number
  bin?: string
  note?: string
  serial_numbers?: string[]
  serial_range?: { from: string; to: string }
}
export type AdjustLotStockBody = { location_id: string; quantity: number; reason: string; note?: string }
/** Units leaving a location: by quantity, or (serialized items) by their serials, whose count is the quantity. */
export type TransferLotStockBody = {
  from_location_id: string
  to_location_id: string
  quantity?: number
  serial_numbers?: string[]
  note?: string
}
export type WriteOffLotStockBody = { location_id: string; quantity?: number; serial_numbers?: string[]; reason: string; note?: string }

const useLotStockMutation = <TBody extends object>(id: string, action: string, options?: MutationOptions<{ lot: Lot }, TBody>) =>
  useInvalidatingMutation((body: TBody) => post<{ lot: Lot }>(`/admin/lots/${id}/${action}`, body), LOT_STOCK_VIEWS, options)

export const useReceiveLotStock = (id: string, options?: MutationOptions<{ lot: Lot }, ReceiveLotStockBody>) =>
  useLotStockMutation(id, "receive", options)

export const useAdjustLotStock = (id: string, options?: MutationOptions<{ lot: Lot }, AdjustLotStockBody>) =>
  useLotStockMutation(id, "adjust", options)

export const useTransferLotStock = (id: string, options?: MutationOptions<{ lot: Lot }, TransferLotStockBody>) =>
  useLotStockMutation(id, "transfer", options)

export const useWriteOffLotStock = (id: string, options?: MutationOptions<{ lot: Lot }, WriteOffLotStockBody>) =>
  useLotStockMutation(id, "write-off", options)

/** `POST /admin/lots/:id/put-away`: the lot's units at a location move to another bin (null: no bin). */
export type PutAwayBody = { location_id: string; bin: string | null }

/** A bin changes no quantity: the lots (and the lists that show bins) are all it moves. */
export const usePutAwayLot = (id: string, options?: MutationOptions<{ lot: Lot }, PutAwayBody>) =>
  useInvalidatingMutation((body: PutAwayBody) => post<{ lot: Lot }>(`/admin/lots/${id}/put-away`, body), [lotsQueryKeys.all], options)

export const useQuarantineLot = (id: string, options?: MutationOptions<{ lot: Lot }, { reason?: string }>) =>
  useInvalidatingMutation(
    (body: { reason?: string }) => post<{ lot: Lot }>(`/admin/lots/${id}/quarantine`, body),
    LOT_STATUS_VIEWS,
    options
  )

export const useReleaseLot = (id: string, options?: MutationOptions<{ lot: Lot }, void>) =>
  useInvalidatingMutation(() => post<{ lot: Lot }>(`/admin/lots/${id}/release`, {}), LOT_STATUS_VIEWS, options)

/** Downloads the lot's whole forward trace as CSV. */
export const useDownloadLotTrace = (lot: Pick<Lot, "id" | "lot_number">) =>
  useMutation({
    mutationFn: () => downloadFile(`/admin/lots/${lot.id}/trace`, `lot-${lot.lot_number}-trace.csv`, { format: "csv" }),
  })
