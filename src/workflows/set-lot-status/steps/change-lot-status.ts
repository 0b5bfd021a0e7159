import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { isAwaitingLot } from "../../../lib/return-lots"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { LotStatus } from "../../../modules/lot_tracking/types"
import { getLotOrThrow } from "../../utils/lookups"

export type ChangeLotStatusInput = { lot_id: string; to: LotStatus; allowed_from: LotStatus[] }

export const changeLotStatusStepId = "change-lot-status"

/**
 * Moves a lot between statuses along the allowed transitions, as one
 * conditional update on the locked row: whatever races it (a recall opening,
 * another release), a lot never leaves a status it was not allowed to leave,
 * and a refusal (409) says the lot's current status. Compensation restores
 * the old status.
 */
export const changeLotStatusStep = createStep(
  changeLotStatusStepId,
  async (input: ChangeLotStatusInput, { container }) => {
    const lot = await getLotOrThrow(container, input.lot_id)
    if (input.to === "active" && isAwaitingLot(lot)) {
      // Its units' lot is unknown: they may come from a recalled lot. Staff confirm each unit's lot instead.
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Lot ${lot.lot_number} holds returned units whose lot is not confirmed yet and is never released; confirm their lots with POST /admin/returns/:id/lots`
      )
    }
    const service = lotService(container)
    const [changed] = await service.setLotStatuses({ lot_ids: [lot.id], to: input.to, allowed_from: input.allowed_from })
    const [updated] = await service.listLots({ id: lot.id })
    return new StepResponse(updated, { id: lot.id, status: changed.previous_status })
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    await lotService(container).restoreLotStatuses([previous])
  }
)
