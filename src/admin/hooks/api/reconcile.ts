import { keepPreviousData, useQuery } from "@tanstack/react-query"
import type { DriftReport, ReconcileRun, RepairableKind } from "../../../types/http"
import { get, post, type Query } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import {
  dashboardQueryKeys,
  holdsQueryKeys,
  kpisQueryKeys,
  lotsQueryKeys,
  orderLotsQueryKeys,
  reconcileQueryKeys,
  returnLotsQueryKeys,
  serialsQueryKeys,
} from "./query-keys"

/** The differences between the lot books and Medusa's (`GET /admin/lot-tracking/reconcile`). */
export const useLotDrift = (query: Query) =>
  useQuery({
    queryKey: reconcileQueryKeys.list(query),
    queryFn: () => get<DriftReport>("/admin/lot-tracking/reconcile", query),
    placeholderData: keepPreviousData,
  })

export type RepairLotDriftBody = { kinds?: RepairableKind[]; dismiss_failure_ids?: string[] }

/** Runs every safe repair (`POST /admin/lot-tracking/reconcile`): allocations, holds and lot stock may all move. */
export const useRepairLotDrift = (options?: MutationOptions<ReconcileRun, RepairLotDriftBody>) =>
  useInvalidatingMutation(
    (body: RepairLotDriftBody) => post<{ reconcile: ReconcileRun }>("/admin/lot-tracking/reconcile", body).then((r) => r.reconcile),
    [
      reconcileQueryKeys.all,
      lotsQueryKeys.all,
      serialsQueryKeys.all,
      holdsQueryKeys.all,
      orderLotsQueryKeys.all,
      returnLotsQueryKeys.all,
      kpisQueryKeys.all,
      dashboardQueryKeys.inventoryItems,
      dashboardQueryKeys.reservationItems,
    ],
    options
  )
