import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { DEFAULT_GRACE_SECONDS, type DriftFindings } from "../../read-models/drift-report"
import { REPAIRABLE_KINDS, type Drift, type RepairableKind } from "../../lib/reconcile"
import { settleLotStockStep, type SettleResult } from "../steps/settle-lot-stock"
import { findLotDriftStep } from "./steps/find-lot-drift"
import { notifyLotDriftStep } from "./steps/notify-drift"
import { RECONCILE_REASON, repairLineDriftStep, type DriftLine, type LineRepair } from "./steps/repair-line-drift"
import { rerunFailedLotSyncsStep, type FailedSyncRerun } from "./steps/rerun-failed-syncs"

export { RECONCILE_REASON } from "./steps/repair-line-drift"
export type { FailedSyncRerun } from "./steps/rerun-failed-syncs"
export type { LineRepair } from "./steps/repair-line-drift"

export type ReconcileLotTrackingInput = {
  /** Which repairable kinds to repair; default all of them (`REPAIRABLE_KINDS`). */
  kinds?: RepairableKind[] | null
  /** Lines changed more recently than this are left for a later run (default 60 s). */
  grace_seconds?: number | null
  /** Open subscriber failures staff close without a re-run (e.g. for an order deleted since). */
  dismiss_failure_ids?: string[] | null
  actor_id?: string | null
  /** Send the admin feed notification of what is left (the daily job). */
  notify?: boolean | null
  /** The merchant's day the run is for (the notification's key); the daily job passes it. */
  today?: string | null
}

export type ReconcileLotTrackingResult = {
  kinds: RepairableKind[]
  /** Differences of each kind that were there and are gone after the run (failures: re-runs that succeeded). */
  repaired: Record<RepairableKind, number>
  total_repaired: number
  failed_syncs: FailedSyncRerun[]
  dismissed: string[]
  line_repairs: LineRepair[]
  /** Order lines that received lots for their shortfall. */
  filled: SettleResult["filled"]
  /** The books after the run: what is left (reported only, or repairable later). */
  remaining: DriftFindings
  notification_id: string | null
}

export const reconcileLotTrackingWorkflowId = "reconcile-lot-tracking"

const pairOf = (d: Drift) => ({ inventory_item_id: d.inventory_item_id!, location_id: d.location_id! })

/**
 * Reconcile: repairs what can be repaired without inventing facts, in this
 * order, each repair re-reading what it decides on under the item lock:
 * 1. subscriber failures: their (idempotent) workflow runs again;
 * 2. read the books (`find-lot-drift`);
 * 3. orphaned allocations and lines that differ from Medusa's reservations:
 *    the order's lots follow Medusa's reservations (release / allocate,
 *    movements with reason `reconcile`);
 * 4. read again, then allocate shortfalls that eligible stock now covers
 *    (the settle step, reason `reconcile`) at pairs whose waiting lines all
 *    match Medusa, and sync holds that differ from the blocked units;
 * 5. read again: what is left, reported (and, for the daily job, one admin
 *    feed notification).
 * Steps 3 and 4 are compensated (plans and holds reverted); a re-run in step
 * 1 is a complete workflow of its own and stands.
 */
export const reconcileLotTrackingWorkflow = createWorkflow(reconcileLotTrackingWorkflowId, (input: ReconcileLotTrackingInput) => {
  const options = transform({ input }, ({ input }) => ({
    kinds: (input.kinds && input.kinds.length ? [...new Set(input.kinds)] : [...REPAIRABLE_KINDS]) as RepairableKind[],
    grace_seconds: typeof input.grace_seconds === "number" ? input.grace_seconds : DEFAULT_GRACE_SECONDS,
    dismiss_ids: input.dismiss_failure_ids ?? [],
    actor_id: input.actor_id ?? null,
    notify: input.notify === true,
    today: input.today ?? "",
  }))

  const reruns = rerunFailedLotSyncsStep(
    transform({ options }, ({ options }) => ({ enabled: options.kinds.includes("failed_sync"), dismiss_ids: options.dismiss_ids }))
  )

  const before = findLotDriftStep(transform({ options }, ({ options }) => ({ grace_seconds: options.grace_seconds })))
  const lineRepairs = repairLineDriftStep(
    transform({ options, before }, ({ options, before }) => ({
      lines: before.drift
        .filter((d) => d.repairable && (d.kind === "orphaned_allocation" || d.kind === "line_mismatch") && options.kinds.includes(d.kind))
        .map((d): DriftLine => ({ order_id: d.order_id!, line_item_id: d.line_item_id!, inventory_item_id: d.inventory_item_id!, location_id: d.location_id! })),
      actor_id: options.actor_id,
    }))
  )

  const middle = findLotDriftStep(transform({ options }, ({ options }) => ({ grace_seconds: options.grace_seconds }))).config({
    name: "find-lot-drift-after-lines",
  })
  const covered = transform({ options, middle }, ({ options, middle }) =>
    options.kinds.includes("covered_shortfall") ? middle.drift.filter((d) => d.repairable && d.kind === "covered_shortfall").map(pairOf) : []
  )
  const filled = settleLotStockStep(
    transform({ options, covered }, ({ options, covered }) => ({ pairs: covered, reason: RECONCILE_REASON, actor_id: options.actor_id }))
  ).config({ name: "settle-covered-shortfalls" })
  settleLotStockStep(
    transform({ options, middle, covered }, ({ options, middle, covered }) => {
      const settled = new Set(covered.map((p) => `${p.inventory_item_id}:${p.location_id}`))
      return {
        pairs: options.kinds.includes("hold_mismatch")
          ? middle.drift
              .filter((d) => d.repairable && d.kind === "hold_mismatch" && !settled.has(`${d.inventory_item_id}:${d.location_id}`))
              .map(pairOf)
          : [],
        fill_shortfalls: false,
      }
    })
  ).config({ name: "sync-drifted-holds" })

  const after = findLotDriftStep(transform({ options }, ({ options }) => ({ grace_seconds: options.grace_seconds }))).config({
    name: "find-lot-drift-after-repair",
  })

  const repaired = transform({ options, reruns, before, middle, after }, ({ options, reruns, before, middle, after }) => {
    const left = new Set(after.drift.map((d) => d.id))
    const gone = (list: Drift[], kind: RepairableKind) => list.filter((d) => d.kind === kind && d.repairable && !left.has(d.id)).length
    const counts: Record<RepairableKind, number> = {
      failed_sync: reruns.rerun.filter((r) => r.ok).length,
      orphaned_allocation: options.kinds.includes("orphaned_allocation") ? gone(before.drift, "orphaned_allocation") : 0,
      line_mismatch: options.kinds.includes("line_mismatch") ? gone(before.drift, "line_mismatch") : 0,
      covered_shortfall: options.kinds.includes("covered_shortfall") ? gone(middle.drift, "covered_shortfall") : 0,
      hold_mismatch: options.kinds.includes("hold_mismatch") ? gone(middle.drift, "hold_mismatch") : 0,
    }
    return { counts, total: Object.values(counts).reduce((s, c) => s + c, 0) }
  })

  const notified = notifyLotDriftStep(
    transform({ options, after, repaired }, ({ options, after, repaired }) => ({
      enabled: options.notify,
      today: options.today,
      remaining: after.drift,
      repaired: repaired.total,
    }))
  )

  const result = transform(
    { options, repaired, reruns, lineRepairs, filled, after, notified },
    ({ options, repaired, reruns, lineRepairs, filled, after, notified }): ReconcileLotTrackingResult => ({
      kinds: options.kinds,
      repaired: repaired.counts,
      total_repaired: repaired.total,
      failed_syncs: reruns.rerun,
      dismissed: reruns.dismissed,
      line_repairs: lineRepairs,
      filled: filled.filled,
      remaining: after,
      notification_id: notified.notification_id,
    })
  )
  return new WorkflowResponse(result)
})
