import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { PreparedLotImport } from "./prepare-lot-import-apply"

export const finishLotImportStepId = "finish-lot-import"

/** The import is done: every row applied. (Last step: nothing after it can fail.) */
export const finishLotImportStep = createStep(finishLotImportStepId, async (input: PreparedLotImport, { container }) => {
  const service = lotService(container)
  await service.updateLotImports({ id: input.import_id, status: "done", processed: input.total, finished_at: new Date() })
  const [row] = await service.listLotImports({ id: input.import_id }, { select: ["id", "mode", "summary"] })
  return new StepResponse({ id: input.import_id, mode: input.mode, summary: row?.summary ?? null })
})
