import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"

export type SetCountedLotStockInput = { lot_id: string; location_id: string; counted: number }

export const setCountedLotStockStepId = "set-counted-lot-stock"

/** Sets lot stock to the counted figure; compensation takes back exactly the difference it made. */
export const setCountedLotStockStep = createStep(
  setCountedLotStockStepId,
  async (input: SetCountedLotStockInput, { container }) => {
    const result = await lotService(container).setCountedStock(input)
    return new StepResponse(
      { ...result, delta: result.counted - result.previous },
      { lot_id: input.lot_id, location_id: input.location_id, delta: result.counted - result.previous }
    )
  },
  async (undo, { container }) => {
    if (!undo || undo.delta === 0) {
      return
    }
    await lotService(container).applyStockChanges([
      { lot_id: undo.lot_id, location_id: undo.location_id, stocked: -undo.delta },
    ])
  }
)
