import { useQuery } from "@tanstack/react-query"
import type { ExpiryResponse } from "../../../types/http"
import { get, post } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import { dashboardQueryKeys, expiryQueryKeys, holdsQueryKeys } from "./query-keys"

/** Lots with stock that are expired, or expiring within `days` (null: each item's warning window). */
export const useExpiry = (state: "expired" | "expiring", days: number | null) =>
  useQuery({
    queryKey: expiryQueryKeys.list({ state, days }),
    queryFn: () => get<ExpiryResponse>("/admin/lot-tracking/expiry", { state, days: days ?? undefined, limit: 200 }),
  })

/** Runs the expiry watch now: it announces new expired and expiring lots and refreshes the hold. */
export const useRunExpiryWatch = (options?: MutationOptions<{ expiry_watch: unknown }, void>) =>
  useInvalidatingMutation(
    () => post<{ expiry_watch: unknown }>("/admin/lot-tracking/expiry/run", {}),
    [expiryQueryKeys.all, holdsQueryKeys.all, dashboardQueryKeys.reservationItems],
    options
  )
