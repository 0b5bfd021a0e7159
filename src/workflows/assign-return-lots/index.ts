import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitLotReturned } from "../utils/emit-lot-returned"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { assignReturnLotsStep, type AssignReturnLotsInput } from "./steps/assign-return-lots"

export type { AssignReturnLotsInput } from "./steps/assign-return-lots"

export const assignReturnLotsWorkflowId = "assign-return-lots"

/**
 * Staff name the lots of returned units: for the receipt in progress (kept
 * and used when it is confirmed), or for units that await their lot (moved
 * to it now, then the location is settled: units into a blocked lot stay
 * held, units into a sellable lot go first to lines waiting for stock).
 */
export const assignReturnLotsWorkflow = createWorkflow(assignReturnLotsWorkflowId, (input: AssignReturnLotsInput) => {
  const result = assignReturnLotsStep(input)
  settleLotStockStep(transform({ result, input }, ({ result, input }) => ({ pairs: result.pairs, actor_id: input.actor_id ?? null })))
  emitLotReturned(result, input)
  return new WorkflowResponse(result)
})
