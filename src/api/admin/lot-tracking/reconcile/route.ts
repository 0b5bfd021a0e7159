import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { readDriftReport } from "../../../../read-models/drift-report"
import { describeDrift } from "../../../utils/drift-responses"
import { answerConflicts } from "../../../utils/conflict"
import { reconcileLotTrackingWorkflow } from "../../../../workflows/reconcile-lot-tracking"
import type { AdminGetReconcileParamsType, AdminRunReconcileType } from "./validators"

/** What a response lists of the remaining differences after a repair. */
const REMAINING_LIMIT = 100

/**
 * Every difference between the plugin's books and Medusa's, per item and
 * location and per order line, each with its kind, the figures on both sides
 * and whether `POST` can repair it (`src/lib/reconcile.ts`). `summary` counts
 * all of them; `drift` is the filtered page.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetReconcileParamsType>, res: MedusaResponse) => {
  const q = req.validatedQuery as AdminGetReconcileParamsType
  const report = await readDriftReport(req.scope, { grace_seconds: q.grace_seconds })
  const filtered = report.drift.filter(
    (d) => (!q.kind?.length || q.kind.includes(d.kind)) && (q.repairable === undefined || d.repairable === q.repairable)
  )
  const page = filtered.slice(q.offset, q.offset + q.limit)
  res.json({
    as_of: report.as_of,
    grace_seconds: report.grace_seconds,
    summary: report.summary,
    drift: await describeDrift(req.scope, page),
    count: filtered.length,
    offset: q.offset,
    limit: q.limit,
  })
}

/** Repairs what can be repaired without inventing facts (`reconcile-lot-tracking`), and answers what is left. */
export const POST = answerConflicts(async (req: AuthenticatedMedusaRequest<AdminRunReconcileType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const { result } = await reconcileLotTrackingWorkflow(req.scope).run({
    input: {
      kinds: body.kinds ?? null,
      grace_seconds: body.grace_seconds ?? null,
      dismiss_failure_ids: body.dismiss_failure_ids ?? null,
      actor_id: req.auth_context?.actor_id ?? null,
    },
  })
  const { remaining, ...rest } = result
  res.json({
    reconcile: {
      ...rest,
      remaining: {
        as_of: remaining.as_of,
        grace_seconds: remaining.grace_seconds,
        summary: remaining.summary,
        count: remaining.drift.length,
        drift: await describeDrift(req.scope, remaining.drift.slice(0, REMAINING_LIMIT)),
      },
    },
  })
})
