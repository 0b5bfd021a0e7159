import { useQuery } from "@tanstack/react-query"
import type { TrackingPolicy } from "../../../types/http"
import { get, post } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import {
  dashboardQueryKeys,
  expiryQueryKeys,
  holdsQueryKeys,
  lotsQueryKeys,
  orderLotsQueryKeys,
  policiesQueryKeys,
} from "./query-keys"

export const useTrackingPolicy = (itemId: string) =>
  useQuery({
    queryKey: policiesQueryKeys.detail(itemId),
    queryFn: () => get<{ policy: TrackingPolicy }>(`/admin/lot-tracking/policies/${itemId}`),
  })

export type TrackingPolicyBody = Omit<TrackingPolicy, "inventory_item_id" | "is_default">

/**
 * The policy decides what is expiring soon, what shelf life may ship and
 * whether the item is tracked: the item's lots, expiry lists, hold and
 * orders follow it.
 */
export const useUpsertTrackingPolicy = (itemId: string, options?: MutationOptions<{ policy: TrackingPolicy }, TrackingPolicyBody>) =>
  useInvalidatingMutation(
    (body: TrackingPolicyBody) => post<{ policy: TrackingPolicy }>(`/admin/lot-tracking/policies/${itemId}`, body),
    [
      policiesQueryKeys.detail(itemId),
      lotsQueryKeys.all,
      expiryQueryKeys.all,
      holdsQueryKeys.all,
      orderLotsQueryKeys.all,
      dashboardQueryKeys.reservationItems,
    ],
    options
  )
