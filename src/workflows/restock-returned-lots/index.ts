import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitLotReturned } from "../utils/emit-lot-returned"
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
    emitLotReturned(result, input)
    return new WorkflowResponse(result)
  }
)
