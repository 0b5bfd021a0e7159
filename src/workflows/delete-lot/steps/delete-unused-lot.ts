import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { getLotOrThrow } from "../../utils/lookups"
import { MOVEMENT_TYPES } from "../../../modules/lot_tracking/models/lot-movement"

export const deleteUnusedLotStepId = "delete-unused-lot"

/** A lot that ever moved is part of the audit trail and cannot be deleted; compensation restores it. */
export const deleteUnusedLotStep = createStep(
  deleteUnusedLotStepId,
  async (id: string, { container }) => {
    const service = lotService(container)
    const lot = await getLotOrThrow(container, id)
    // Edits of its attributes (`edited` lines) are no stock history: a mistyped, unused lot can still go.
    const [, moved] = await service.listAndCountLotMovements(
      { lot_id: id, type: MOVEMENT_TYPES.filter((t) => t !== "edited") },
      { take: 1, select: ["id"] }
    )
    const [, stocked] = await service.listAndCountLotStocks({ lot_id: id }, { take: 1, select: ["id"] })
    if (moved > 0 || stocked > 0) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Lot ${lot.lot_number} has stock history (${moved ? "movements" : "stock rows"}) and cannot be deleted; write it off or quarantine it instead`
      )
    }
    await service.softDeleteLots([id])
    return new StepResponse({ id, object: "lot", deleted: true }, id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    await lotService(container).restoreLots([id])
  }
)
