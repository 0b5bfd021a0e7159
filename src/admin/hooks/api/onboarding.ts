import { useQuery } from "@tanstack/react-query"
import type { LotTrackingSettings, OpeningBalanceResponse, UnassignedStock } from "../../../types/http"
import type { OpeningBalanceBody } from "../../lib/opening-balance-form"
import { get, post } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import { LOT_STOCK_VIEWS, policiesQueryKeys, settingsQueryKeys, unassignedQueryKeys } from "./query-keys"

export type { LotTrackingSettings, OpeningBalanceResponse, UnassignedStock }

export const useUnassignedStock = (inventoryItemId: string) =>
  useQuery({
    queryKey: unassignedQueryKeys.list({ inventory_item_id: inventoryItemId }),
    queryFn: () =>
      get<{ unassigned: UnassignedStock[]; count: number }>("/admin/lot-tracking/unassigned", { inventory_item_id: inventoryItemId }),
  })

/** The options change only with a restart: read once per session. */
export const useLotTrackingSettings = () =>
  useQuery({
    queryKey: settingsQueryKeys.detail("plugin"),
    queryFn: () => get<{ settings: LotTrackingSettings }>("/admin/lot-tracking/settings"),
    staleTime: Infinity,
    retry: 1,
  })

/**
 * Puts units Medusa already counts into lots without moving Medusa's level.
 * The item becomes tracked, so its policy is refetched with the lot views.
 */
export const useOpeningBalance = (options?: MutationOptions<OpeningBalanceResponse, OpeningBalanceBody>) =>
  useInvalidatingMutation(
    (body: OpeningBalanceBody) => post<OpeningBalanceResponse>("/admin/lot-tracking/opening-balance", body),
    (_data, body) => [...LOT_STOCK_VIEWS, policiesQueryKeys.detail(body.inventory_item_id)],
    options
  )
