import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { LotImportMode } from "../../../lib/lot-import-rows"
import { lotService } from "../../../modules/lot_tracking/resolve"

export type PreparedLotImport = {
  import_id: string
  mode: LotImportMode
  actor_id: string | null
  allow_expired: boolean
  total: number
  inventory_item_ids: string[]
  /** The (item, location) pairs the rows touch, with the units they give there. */
  pairs: { inventory_item_id: string; location_id: string; units: number }[]
}

export const prepareLotImportApplyStepId = "prepare-lot-import-apply"

/** Reads the confirmed import and the pairs its rows touch; only a `running` import is applied. */
export const prepareLotImportApplyStep = createStep(
  prepareLotImportApplyStepId,
  async (input: { import_id: string }, { container }) => {
    const service = lotService(container)
    const [found] = await service.listLotImports({ id: input.import_id })
    if (!found) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Import ${input.import_id} was not found`)
    }
    if (found.status !== "running") {
      throw new MedusaError(MedusaError.Types.CONFLICT, `Import ${input.import_id} is ${found.status}; only a confirmed import is applied`)
    }
    // Progress without an outcome: an earlier run stopped half-way (its process died before its
    // compensation could run). Applying again would count its chunks twice: stop, and say so.
    if (found.processed > 0) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Import ${input.import_id} was interrupted after ${found.processed} of ${found.valid_rows} rows were applied; ` +
          `it is not applied again. Check the lots with the reconcile page and import the remaining rows as a new file`
      )
    }
    const pairs = await service.lotImportPairs(input.import_id)
    return new StepResponse<PreparedLotImport>({
      import_id: found.id,
      mode: found.mode as LotImportMode,
      actor_id: found.actor_id ?? null,
      allow_expired: !!found.allow_expired,
      total: found.valid_rows,
      inventory_item_ids: [...new Set(pairs.map((p) => p.inventory_item_id))].sort(),
      pairs,
    })
  }
)
