import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { getLotOrThrow } from "../../utils/lookups"
import type { PutAwayLotStockInput } from "../index"

export const setLotBinStepId = "set-lot-bin"

export type LotBinChange = {
  lot_id: string
  inventory_item_id: string
  location_id: string
  from_bin: string | null
  to_bin: string | null
  changed: boolean
}

/**
 * Moves the lot's units at a location to another bin (null: no bin): one
 * statement on the locked row. 404 when the lot has no stock at that
 * location. Compensation puts the previous bin back.
 */
export const setLotBinStep = createStep(
  setLotBinStepId,
  async (input: PutAwayLotStockInput, { container }) => {
    const lot = await getLotOrThrow(container, input.lot_id)
    const row = await lotService(container).setStockBin({ lot_id: lot.id, location_id: input.location_id, bin: input.bin })
    if (!row) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Lot ${lot.lot_number} has no stock at location ${input.location_id}; receive or transfer units there first`
      )
    }
    const change: LotBinChange = {
      lot_id: lot.id,
      inventory_item_id: lot.inventory_item_id,
      location_id: input.location_id,
      from_bin: row.previous_bin,
      to_bin: row.bin,
      changed: row.previous_bin !== row.bin,
    }
    return new StepResponse(change, change)
  },
  async (change, { container }) => {
    if (!change?.changed) {
      return
    }
    await lotService(container).setStockBin({ lot_id: change.lot_id, location_id: change.location_id, bin: change.from_bin })
  }
)
