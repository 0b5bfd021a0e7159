import { createStep, MedusaWorkflow, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"

export type FailedSyncRerun = {
  failure_id: string
  event: string
  key: string
  workflow_id: string
  ok: boolean
  /** Why the run failed again (the failure stays open, one more attempt counted). */
  message: string | null
}

export type RerunFailedSyncsResult = { rerun: FailedSyncRerun[]; dismissed: string[] }

export const rerunFailedLotSyncsStepId = "rerun-failed-lot-syncs"

/**
 * Runs the workflow of every open subscriber failure again with the input it
 * had (`src/workflows/utils/run-lot-subscriber.ts` recorded both; the plugin's
 * subscriber workflows are idempotent: allocation skips an allocated order,
 * a restock puts each unit back once, the order sync plans nothing when the
 * lots already follow the reservations). A run that succeeds closes its
 * failure (`reconciled`); one that fails again stays open with one more
 * attempt and the new message. Each run is a complete workflow of its own,
 * with its own compensation, so reruns are not undone: a later step failing
 * does not undo a repaired order. Failures named in `dismiss_ids` are closed
 * as `dismissed` first (staff decided nothing is to be done); those are the
 * step's compensation: a run failing later opens them again.
 */
export const rerunFailedLotSyncsStep = createStep(
  rerunFailedLotSyncsStepId,
  async (input: { enabled: boolean; dismiss_ids: string[] }, { container }) => {
    const service = lotService(container)
    const dismissed = input.dismiss_ids.length ? await service.resolveSyncFailures({ ids: input.dismiss_ids }, "dismissed") : []
    const rerun: FailedSyncRerun[] = []
    if (!input.enabled) {
      return new StepResponse<RerunFailedSyncsResult, string[]>({ rerun, dismissed }, dismissed)
    }
    for (const failure of await service.listOpenSyncFailures()) {
      const workflow = MedusaWorkflow.getWorkflow(failure.workflow_id) as any
      if (!workflow) {
        continue
      }
      const base = { failure_id: failure.id, event: failure.event, key: failure.key, workflow_id: failure.workflow_id }
      try {
        await workflow(container).run({ input: failure.input })
        await service.resolveSyncFailures({ ids: [failure.id] }, "reconciled")
        rerun.push({ ...base, ok: true, message: null })
      } catch (e) {
        const message = String((e as Error)?.message ?? e).slice(0, 2000)
        await service.recordSyncFailure({ event: failure.event, key: failure.key, workflow_id: failure.workflow_id, input: failure.input, message })
        rerun.push({ ...base, ok: false, message })
      }
    }
    return new StepResponse<RerunFailedSyncsResult, string[]>({ rerun, dismissed }, dismissed)
  },
  async (dismissed, { container }) => {
    if (dismissed?.length) {
      await lotService(container).reopenSyncFailures(dismissed)
    }
  }
)
