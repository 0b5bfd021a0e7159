import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useRef } from "react"
import type { ListResponse } from "../../../types/http"
import type { LotImport, LotImportMode } from "../../lib/imports"
import { get, post, sdk, type Query } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import { importsQueryKeys, invalidate, LOT_STOCK_VIEWS } from "./query-keys"

/** How often a running import is asked for its progress. */
const POLL_MS = 1000

export const useLotImports = (query: Query) =>
  useQuery({
    queryKey: importsQueryKeys.list(query),
    queryFn: () => get<ListResponse<"imports", LotImport>>("/admin/lot-tracking/imports", query),
    placeholderData: keepPreviousData,
  })

/**
 * One import, asked again every second while it runs. When a run ends done,
 * the stock it moved is refetched everywhere (lots, levels, KPIs …).
 */
export const useLotImport = (id: string | null) => {
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: importsQueryKeys.detail(id ?? ""),
    queryFn: () => get<{ import: LotImport }>(`/admin/lot-tracking/imports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.import.status === "running" ? POLL_MS : false),
  })
  const status = query.data?.import.status
  const seen = useRef<string | undefined>(undefined)
  useEffect(() => {
    const before = seen.current
    seen.current = status
    if (before === "running" && (status === "done" || status === "failed")) {
      void invalidate(queryClient, status === "done" ? [importsQueryKeys.lists(), ...LOT_STOCK_VIEWS] : [importsQueryKeys.lists()])
    }
  }, [status, queryClient])
  return query
}

export type CreateLotImportBody = { file: File; mode: LotImportMode; allow_expired?: boolean }

/** Uploads the file as Medusa's product import does (multipart, field `file`): answers the preview, nothing changed. */
export const useCreateLotImport = (options?: MutationOptions<{ import: LotImport }, CreateLotImportBody>) => {
  const queryClient = useQueryClient()
  return useInvalidatingMutation(
    ({ file, mode, allow_expired }: CreateLotImportBody) => {
      const form = new FormData()
      form.append("file", file)
      form.append("mode", mode)
      if (allow_expired) {
        form.append("allow_expired", "true")
      }
      // The browser sets the multipart content type with its boundary.
      return sdk.client.fetch<{ import: LotImport }>("/admin/lot-tracking/imports", {
        method: "POST",
        headers: { "content-type": null },
        body: form,
      })
    },
    [importsQueryKeys.lists()],
    {
      ...options,
      onSuccess: async (data, vars, context) => {
        queryClient.setQueryData(importsQueryKeys.detail(data.import.id), data)
        await options?.onSuccess?.(data, vars, context)
      },
    }
  )
}

/** Starts the run in the background (202); progress through `useLotImport`. */
export const useConfirmLotImport = (options?: MutationOptions<{ import: LotImport }, string>) => {
  const queryClient = useQueryClient()
  return useInvalidatingMutation(
    (id: string) => post<{ import: LotImport }>(`/admin/lot-tracking/imports/${id}/confirm`, {}),
    [importsQueryKeys.lists()],
    {
      ...options,
      onSuccess: async (data, vars, context) => {
        queryClient.setQueryData(importsQueryKeys.detail(data.import.id), data)
        await options?.onSuccess?.(data, vars, context)
      },
    }
  )
}
