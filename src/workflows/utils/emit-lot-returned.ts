import { transform, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { AllocationOp } from "../../modules/lot_tracking/allocation-plan"
import { eventContext, LotEvents, returnedLines, type LotReturnedEvent } from "../../lib/lot-events"
import { allocationEventRefsStep, lotEventRefsStep } from "../steps/lot-event-refs"

/**
 * Composes, inside a returns workflow, the one `lot.returned` event of its
 * run: the units counted back on their lots (emitted once the workflow
 * succeeded, nothing when no unit came back). Shared by the return receipt
 * (`restock-returned-lots`) and staff naming lots (`assign-return-lots`).
 */
type ReturnRun = { return_id: string; actor_id?: string | null }

export function emitLotReturned(
  result: WorkflowData<{ ops?: AllocationOp[] }>,
  // A workflow's input is typed as its plain shape inside the composer.
  input: ReturnRun | WorkflowData<ReturnRun>
) {
  const allocationRefs = allocationEventRefsStep(
    transform({ result }, ({ result }) => ({
      allocation_ids: (result.ops ?? []).flatMap((o) => ("allocation_id" in o && o.allocation_id ? [o.allocation_id] : [])),
    }))
  )
  const returnRefs = lotEventRefsStep(
    transform({ result, allocationRefs }, ({ result, allocationRefs }) => ({
      lot_ids: [
        ...Object.values(allocationRefs).map((a) => a.lot_id),
        ...(result.ops ?? []).flatMap((o) => (o.kind === "return_awaiting_lot" ? [o.lot_id] : [])),
      ],
    }))
  )
  const returned = transform({ result, input, allocationRefs, returnRefs }, ({ result, input, allocationRefs, returnRefs }): LotReturnedEvent[] => {
    const lines = returnedLines((result.ops ?? []) as any[], allocationRefs, returnRefs)
    return lines.length ? [{ ...eventContext(input.actor_id), return_id: input.return_id, lines }] : []
  })
  emitEventStep({ eventName: LotEvents.RETURNED, data: returned }).config({ name: "emit-lot-returned" })
}
