import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assertLocationsExist, getLotOrThrow } from "../../utils/lookups"
import { stockOutSerials } from "../../utils/stock-out-serials"
import type { WriteOffLotStockInput } from "../index"

export const validateWriteOffStepId = "validate-lot-write-off"

export const validateWriteOffStep = createStep(
  validateWriteOffStepId,
  async (input: WriteOffLotStockInput, { container }) => {
    const lot = await getLotOrThrow(container, input.lot_id)
    await assertLocationsExist(container, [input.location_id])
    const units = await stockOutSerials(container, lot.inventory_item_id, input, "write off")
    return new StepResponse({ id: lot.id, inventory_item_id: lot.inventory_item_id, ...units })
  }
)
