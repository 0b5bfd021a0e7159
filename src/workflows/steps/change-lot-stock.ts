import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { StockChange, StockRow } from "../../modules/lot_tracking/types"

export const changeLotStockStepId = "change-lot-stock"

/**
 * Moves lot stock with conditional atomic updates (all or nothing); the
 * compensation applies the exact opposite changes and puts back the bin a
 * change set. Returns one row per change that moved units or named a bin
 * (with the row's bin and units before, when it named one).
 */
export const changeLotStockStep = createStep(
  changeLotStockStepId,
  async (changes: StockChange[], { container }) => {
    const nonZero = changes.filter((c) => c.stocked !== 0 || (c.reserved ?? 0) !== 0 || c.bin !== undefined)
    if (!nonZero.length) {
      return new StepResponse([] as StockRow[], [] as StockChange[])
    }
    const rows = await lotService(container).applyStockChanges(nonZero)
    // What undoes each change: the opposite units, and the bin the row had (none for a new row).
    const undo = nonZero.map((c, i) =>
      c.bin === undefined ? c : { ...c, bin: rows[i].previous ? rows[i].previous!.bin : null }
    )
    return new StepResponse(rows, undo)
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
