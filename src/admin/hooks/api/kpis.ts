import { useQuery } from "@tanstack/react-query"
import type { LotKpis } from "../../../types/http"
import { get, type Query } from "../../lib/sdk"
import { kpisQueryKeys } from "./query-keys"

/** The five lot KPIs over a period (`from`, `to`; the API defaults to the last 30 days). */
export const useLotKpis = (query: Query = {}) =>
  useQuery({
    queryKey: kpisQueryKeys.list(query),
    queryFn: () => get<LotKpis>("/admin/lot-tracking/kpis", query),
    retry: false,
  })
