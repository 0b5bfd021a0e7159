import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { StockChange } from "../../modules/lot_tracking/types"

export const changeLotStockStepId = "change-lot-stock"

/**
 * Moves lot stock with conditional atomic updates (all or nothing); the
 * compensation applies the exact opposite changes.
 */
export const changeLotStockStep = createStep(
  changeLotStockStepId,
  async (changes: StockChange[], { container }) => {
    const nonZero = changes.filter((c) => c.stocked !== 0 || (c.reserved ?? 0) !== 0)
    if (!nonZero.length) {
      return new StepResponse([], [])
    }
    const rows = await lotService(container).applyStockChanges(nonZero)
    return new StepResponse(rows, nonZero)
  },
  async (applied, { container }) => {
    if (!applied?.length) {
      return
    }
    await lotService(container).applyStockChanges(
      applied
        .map((c) => ({ ...c, stocked: -c.stocked, reserved: -(c.reserved ?? 0) }))
        .reverse()
    )
  }
)
