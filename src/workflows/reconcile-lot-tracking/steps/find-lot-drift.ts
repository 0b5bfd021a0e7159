import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { readDriftReport, type DriftFindings } from "../../../read-models/drift-report"

export const findLotDriftStepId = "find-lot-drift"

/** Reads every difference between the plugin's books and Medusa's now (`src/read-models/drift-report.ts`). */
export const findLotDriftStep = createStep(findLotDriftStepId, async (input: { grace_seconds: number }, { container }) => {
  const report: DriftFindings = await readDriftReport(container, { grace_seconds: input.grace_seconds })
  return new StepResponse(report)
})
