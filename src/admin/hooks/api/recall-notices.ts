import type { ResendNoticeResult } from "../../../types/http"
import { post } from "../../lib/sdk"
import { useInvalidatingMutation, type MutationOptions } from "./mutation"
import { kpisQueryKeys, recallsQueryKeys } from "./query-keys"

/** Sends one notice of a recall again (`POST /admin/recalls/:id/notices/:notice_id/resend`). */
export const useResendRecallNotice = (recallId: string, options?: MutationOptions<ResendNoticeResult, string>) =>
  useInvalidatingMutation(
    (noticeId: string) => post<ResendNoticeResult>(`/admin/recalls/${recallId}/notices/${noticeId}/resend`, {}),
    [recallsQueryKeys.detail(recallId), recallsQueryKeys.lists(), kpisQueryKeys.all],
    options
  )
