import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"

export const claimLotImportStepId = "claim-lot-import"

/**
 * Confirm: only a preview without row errors may be applied (all or nothing
 * per import), and only once: the move to `running` is one conditional
 * statement, so two confirms at once start one apply (the other gets 409).
 */
export const claimLotImportStep = createStep(
  claimLotImportStepId,
  async (input: { import_id: string }, { container }) => {
    const service = lotService(container)
    const [found] = await service.listLotImports({ id: input.import_id }, { select: ["id", "status", "error_count"] })
    if (!found) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Import ${input.import_id} was not found`)
    }
    if (found.status !== "preview") {
      throw new MedusaError(MedusaError.Types.CONFLICT, `Import ${input.import_id} is ${found.status}, not a preview: it can be confirmed once`)
    }
    if (found.error_count > 0) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `The file has ${found.error_count} row ${found.error_count === 1 ? "error" : "errors"}: fix the ${found.error_count} row ${found.error_count === 1 ? "error" : "errors"} and upload the file again (an import is applied whole or not at all)`
      )
    }
    if (!(await service.claimLotImport(input.import_id))) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `Import ${input.import_id} was confirmed already`)
    }
    return new StepResponse({ id: input.import_id }, input.import_id)
  },
  async (id, { container }) => {
    if (id) {
      // The event was not sent: the import is a preview again.
      await lotService(container).updateLotImports({ id, status: "preview", confirmed_at: null })
    }
  }
)
