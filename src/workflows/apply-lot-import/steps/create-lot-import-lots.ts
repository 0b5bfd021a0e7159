import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { PreparedLotImport } from "./prepare-lot-import-apply"

export const createLotImportLotsStepId = "create-lot-import-lots"

/**
 * The import's new lots, in one statement (rows without a lot number get one
 * from the pattern first, each its own lot), tagged `metadata.lot_import_id`;
 * the rows then name their lot. Compensation removes exactly those lots.
 */
export const createLotImportLotsStep = createStep(
  createLotImportLotsStepId,
  async (input: PreparedLotImport, { container }) => {
    if (input.mode === "count") {
      return new StepResponse(0, null)
    }
    const service = lotService(container)
    await service.numberLotImportRows(input.import_id)
    const created = await service.createLotImportLots(input.import_id)
    return new StepResponse(created, input.import_id)
  },
  async (importId, { container }) => {
    if (importId) {
      await lotService(container).deleteLotImportLots(importId)
    }
  }
)
