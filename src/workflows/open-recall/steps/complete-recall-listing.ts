import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { Reallocation } from "./reallocate-recalled-reservations"
import type { AffectedSummary } from "./list-recall-notices"

export const completeRecallListingStepId = "complete-recall-listing"

/**
 * Stops the recall-time clock: `affected_listed_at` and `recall_time_ms`
 * (opening to the complete affected list, the recall-time KPI), with what
 * the opening did to reservations and whom it found, kept on the recall.
 */
export const completeRecallListingStep = createStep(
  completeRecallListingStepId,
  async (
    input: { recall_id: string; opened_at: string; reallocation: Reallocation; affected: AffectedSummary },
    { container }
  ) => {
    const listedAt = new Date()
    const recallTimeMs = Math.max(0, listedAt.getTime() - new Date(input.opened_at).getTime())
    const recall = await lotService(container).updateRecalls({
      id: input.recall_id,
      affected_listed_at: listedAt,
      recall_time_ms: recallTimeMs,
      metadata: { reallocation: input.reallocation, affected: input.affected },
    })
    return new StepResponse({ id: recall.id, affected_listed_at: listedAt.toISOString(), recall_time_ms: recallTimeMs })
  }
)
