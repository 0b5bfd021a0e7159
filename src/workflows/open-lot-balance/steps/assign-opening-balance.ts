import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { StockChange, StockRow } from "../../../modules/lot_tracking/types"
import { openingBalanceUnits, overAssignmentProblem } from "../../../lib/opening-balance"
import { pairStock } from "../../../read-models/unassigned-stock"
import { withInventoryLock, withLotLock } from "../../utils/lot-lock"

export const assignOpeningBalanceStepId = "assign-opening-balance"

export type OpeningBalanceAssignment = {
  inventory_item_id: string
  location_id: string
  lines: { lot_id: string; quantity: number; bin?: string | null }[]
}

/**
 * Puts the units into the lots' stock at the location, Medusa's level
 * untouched. Under the plugin's lot lock on the item (every lot stock path
 * of the item waits) and core's lock (core's level updates wait), the
 * unassigned units are read again and the lines refused, with nothing
 * written, when they ask for more. Compensation takes the units out again
 * and puts the bins back.
 */
export const assignOpeningBalanceStep = createStep(
  assignOpeningBalanceStepId,
  async (input: OpeningBalanceAssignment, { container }) => {
    const service = lotService(container)
    const changes: StockChange[] = input.lines.map((l) => ({
      lot_id: l.lot_id,
      location_id: input.location_id,
      stocked: l.quantity,
      ...(l.bin ? { bin: l.bin } : {}),
    }))
    let had = new Set<string>()
    const rows = await withLotLock(container, [input.inventory_item_id], () =>
      withInventoryLock(container, [input.inventory_item_id], async () => {
        // Which lots already had a row here: the others' rows are removed again on undo, not left at 0.
        const before = await service.listLotStocks(
          { lot_id: changes.map((c) => c.lot_id), location_id: input.location_id },
          { select: ["id", "lot_id"] }
        )
        had = new Set(before.map((r) => r.lot_id))
        const stock = await pairStock(container, input.inventory_item_id, input.location_id)
        const problem = overAssignmentProblem({
          requested: openingBalanceUnits(input.lines),
          unassigned: stock.unassigned,
          sku: stock.sku,
          location: stock.location_name ?? input.location_id,
        })
        if (problem) {
          throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
        }
        return service.applyStockChanges(changes)
      })
    )
    const undo = changes
      .map((c, i) => (c.bin === undefined ? c : { ...c, bin: rows[i].previous ? rows[i].previous!.bin : null }))
      .filter((c) => had.has(c.lot_id))
    const created = rows.filter((r) => !had.has(r.lot_id)).map((r) => r.id)
    return new StepResponse(rows as StockRow[], { inventory_item_id: input.inventory_item_id, undo, created })
  },
  async (data, { container }) => {
    if (!data || (!data.undo.length && !data.created.length)) {
      return
    }
    const service = lotService(container)
    await withLotLock(container, [data.inventory_item_id], async () => {
      if (data.undo.length) {
        await service.applyStockChanges(data.undo.map((c) => ({ ...c, stocked: -c.stocked, reserved: 0 })).reverse())
      }
      if (data.created.length) {
        await service.deleteLotStocks(data.created)
      }
    })
  }
)
