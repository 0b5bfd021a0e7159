import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { rerunFailedLotSyncsStep } from "../reconcile-lot-tracking/steps/rerun-failed-syncs"

export const rerunLotSyncFailuresWorkflowId = "rerun-lot-sync-failures"

/**
 * Runs every open subscriber failure's workflow again (the first step of
 * reconcile, alone): the hourly wake of the reconcile job runs it, so an
 * allocation that failed all its attempts (a lock held by an instance that
 * died, a database restart) is repaired within the hour, not the next day.
 */
export const rerunLotSyncFailuresWorkflow = createWorkflow(rerunLotSyncFailuresWorkflowId, () => {
  const result = rerunFailedLotSyncsStep({ enabled: true, dismiss_ids: [] })
  return new WorkflowResponse(result)
})
