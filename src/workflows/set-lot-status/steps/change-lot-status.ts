import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { LotStatus } from "../../../modules/lot_tracking/types"
import { getLotOrThrow } from "../../steps/lookups"

export type ChangeLotStatusInput = { lot_id: string; to: LotStatus; allowed_from: LotStatus[] }

export const changeLotStatusStepId = "change-lot-status"

/** Moves a lot between statuses along the allowed transitions; compensation restores the old status. */
export const changeLotStatusStep = createStep(
  changeLotStatusStepId,
  async (input: ChangeLotStatusInput, { container }) => {
    const lot = await getLotOrThrow(container, input.lot_id)
    if (!input.allowed_from.includes(lot.status as LotStatus)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Lot ${lot.lot_number} is ${lot.status}; it can be set to ${input.to} only when it is ${input.allowed_from.join(" or ")}`
      )
    }
    const updated = await lotService(container).updateLots({ id: lot.id, status: input.to })
    return new StepResponse(updated, { id: lot.id, status: lot.status })
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    await lotService(container).updateLots({ id: previous.id, status: previous.status as LotStatus })
  }
)
