import { keepPreviousData, useQuery } from "@tanstack/react-query"
import type { ListResponse, Serial, SerialDetail } from "../../../types/http"
import { get, type Query } from "../../lib/sdk"
import { serialsQueryKeys } from "./query-keys"

/** Serials (`GET /admin/serials`): `q` matches a serial exactly or by prefix; filters by item, lot, location, status, order. */
export const useSerials = (query: Query, options: { enabled?: boolean } = {}) =>
  useQuery({
    queryKey: serialsQueryKeys.list(query),
    queryFn: () => get<ListResponse<"serials", Serial>>("/admin/serials", query),
    placeholderData: keepPreviousData,
    ...options,
  })

/** One unit with its history, oldest first: where it is, who has it. */
export const useSerial = (id: string) =>
  useQuery({ queryKey: serialsQueryKeys.detail(id), queryFn: () => fetchSerial(id) })

/** The route loader of a serial's page (its breadcrumb). */
export const fetchSerial = (id: string) => get<{ serial: SerialDetail }>(`/admin/serials/${id}`)
