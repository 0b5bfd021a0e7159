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
  serialsQueryKeys,
} from "./query-keys"

/** An item's policy (resolved: the default when it has none of its own), for `useQuery` and `useQueries`. */
export const trackingPolicyQuery = (itemId: string) => ({
  queryKey: policiesQueryKeys.detail(itemId),
  queryFn: () => get<{ policy: TrackingPolicy }>(`/admin/lot-tracking/policies/${itemId}`),
})

export const useTrackingPolicy = (itemId: string, options: { enabled?: boolean } = {}) =>
  useQuery({ ...trackingPolicyQuery(itemId), ...options })

type SerialPolicyFields = "serialized" | "serial_pattern" | "serial_capture" | "serial_scope"

/** The policy as sent: the serial fields may be left out (the plugin keeps or defaults them). */
export type TrackingPolicyBody = Omit<TrackingPolicy, "inventory_item_id" | "is_default" | SerialPolicyFields> &
  Partial<Pick<TrackingPolicy, SerialPolicyFields>>

/**
 * The policy decides what is expiring soon, what shelf life may ship and
 * whether the item is tracked and serialized: the item's lots, serials,
 * expiry lists, hold and orders follow it.
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
      serialsQueryKeys.all,
      dashboardQueryKeys.reservationItems,
    ],
    options
  )
