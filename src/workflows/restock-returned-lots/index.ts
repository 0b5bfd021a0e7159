import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { eventContext, LotEvents, returnedLines, type LotReturnedEvent } from "../../lib/lot-events"
import { allocationEventRefsStep, lotEventRefsStep } from "../steps/lot-event-refs"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { restockReturnedLotsStep } from "./steps/restock-returned-lots"

export const restockReturnedLotsWorkflowId = "restock-returned-lots"

/**
 * Return received: units go back into the lots they shipped from, then the
 * return's location is settled: units of a blocked lot are held back from
 * sale, units of an eligible lot go first to order lines waiting for stock.
 */
export const restockReturnedLotsWorkflow = createWorkflow(
  restockReturnedLotsWorkflowId,
  (input: { return_id: string; actor_id?: string | null }) => {
    const result = restockReturnedLotsStep(input)
    settleLotStockStep(transform({ result, input }, ({ result, input }) => ({ pairs: result.pairs, actor_id: input.actor_id ?? null })))
    // One event per run with the units counted back on their lots (emitted once the workflow succeeded).
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
    return new WorkflowResponse(result)
  }
)
