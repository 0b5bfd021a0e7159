import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query"
import type { ListResponse, NotifyResult, RecallClass, RecallDetail, RecallListItem, RecallScope } from "../../../types/http"
import { downloadFile, get, post, type Query } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import {
  dashboardQueryKeys,
  expiryQueryKeys,
  holdsQueryKeys,
  kpisQueryKeys,
  lotsQueryKeys,
  orderLotsQueryKeys,
  reconcileQueryKeys,
  recallsQueryKeys,
  serialsQueryKeys,
} from "./query-keys"

export type RecallList = ListResponse<"recalls", RecallListItem> & { counts: Record<string, number> }

export const useRecalls = (query: Query) =>
  useQuery({
    queryKey: recallsQueryKeys.list(query),
    queryFn: () => get<RecallList>("/admin/recalls", query),
    placeholderData: keepPreviousData,
    retry: false,
  })

export const useRecall = (id: string) =>
  useQuery({ queryKey: recallsQueryKeys.detail(id), queryFn: () => get<RecallDetail>(`/admin/recalls/${id}`, { limit: 200 }) })

/** The route loader of a recall's page (its breadcrumb). */
export const fetchRecall = (id: string) => get<RecallDetail>(`/admin/recalls/${id}`, { limit: 1 })

type RecallFieldsBody = { reason: string; public_reason?: string; classification?: RecallClass }

/**
 * A recall of whole lots, or of single units by serial (docs/SERIALS.md);
 * `inventory_item_id` says whose serials when items share serial numbers.
 */
export type OpenRecallBody = RecallFieldsBody &
  ({ lot_ids: string[]; scope?: RecallScope } | { serial_numbers: string[]; inventory_item_id?: string })

/**
 * Opening a recall blocks its lots (or units) and moves their open
 * reservations to other lots: lots, serials, holds, orders, expiry lists,
 * KPIs and drift all change.
 */
export const useOpenRecall = (options?: MutationOptions<RecallDetail, OpenRecallBody>) =>
  useInvalidatingMutation(
    (body: OpenRecallBody) => post<RecallDetail>("/admin/recalls", body),
    [
      recallsQueryKeys.all,
      lotsQueryKeys.all,
      serialsQueryKeys.all,
      holdsQueryKeys.all,
      orderLotsQueryKeys.all,
      expiryQueryKeys.all,
      kpisQueryKeys.all,
      reconcileQueryKeys.all,
      dashboardQueryKeys.reservationItems,
    ],
    options
  )

export type CloseRecallBody = { outcome: { destroyed?: number; note?: string } }

export const useCloseRecall = (id: string, options?: MutationOptions<RecallDetail, CloseRecallBody>) =>
  useInvalidatingMutation(
    (body: CloseRecallBody) => post<RecallDetail>(`/admin/recalls/${id}/close`, body),
    [recallsQueryKeys.detail(id), recallsQueryKeys.lists(), kpisQueryKeys.all],
    options
  )

/**
 * Canceling a recall opened by mistake restores its lots and their holds and
 * gives waiting orders their lots: the same things change as when opening it.
 */
export const useCancelRecall = (id: string, options?: MutationOptions<RecallDetail, { reason: string }>) =>
  useInvalidatingMutation(
    (body: { reason: string }) => post<RecallDetail>(`/admin/recalls/${id}/cancel`, body),
    [
      recallsQueryKeys.all,
      lotsQueryKeys.all,
      holdsQueryKeys.all,
      orderLotsQueryKeys.all,
      expiryQueryKeys.all,
      kpisQueryKeys.all,
      reconcileQueryKeys.all,
      dashboardQueryKeys.reservationItems,
    ],
    options
  )

export const useNotifyRecall = (id: string, options?: MutationOptions<{ notification: NotifyResult }, void>) =>
  useInvalidatingMutation(
    () => post<{ notification: NotifyResult }>(`/admin/recalls/${id}/notify`, {}),
    [recallsQueryKeys.detail(id), recallsQueryKeys.lists(), kpisQueryKeys.all],
    options
  )

/** Downloads the recall's affected orders as CSV. */
export const useExportRecall = (recall: { id: string; reference: string }) =>
  useMutation({ mutationFn: () => downloadFile(`/admin/recalls/${recall.id}/export`, `recall-${recall.reference}.csv`) })
