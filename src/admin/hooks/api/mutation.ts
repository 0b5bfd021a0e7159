import type { FetchError } from "@medusajs/js-sdk"
import { useMutation, useQueryClient, type QueryKey, type UseMutationOptions } from "@tanstack/react-query"
import { invalidate } from "./query-keys"

/** What a caller may add to a mutation hook (its own onSuccess runs after the refetch). */
export type MutationOptions<TData, TVars> = Omit<UseMutationOptions<TData, FetchError, TVars>, "mutationFn">

/**
 * A mutation of the plugin's API that refetches the keys it moves before its
 * caller's onSuccess runs, as the dashboard's hooks do.
 */
export function useInvalidatingMutation<TData, TVars>(
  mutationFn: (vars: TVars) => Promise<TData>,
  keys: readonly QueryKey[] | ((data: TData, vars: TVars) => readonly QueryKey[]),
  options?: MutationOptions<TData, TVars>
) {
  const queryClient = useQueryClient()
  return useMutation<TData, FetchError, TVars>({
    ...options,
    mutationFn,
    onSuccess: async (data, vars, context) => {
      await invalidate(queryClient, typeof keys === "function" ? keys(data, vars) : keys)
      await options?.onSuccess?.(data, vars, context)
    },
  })
}
