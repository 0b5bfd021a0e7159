import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assertLocationsExist, getLotOrThrow } from "../../utils/lookups"
import type { AdjustLotStockInput } from "../index"

export const validateCountStepId = "validate-lot-count"

export const validateCountStep = createStep(
  validateCountStepId,
  async (input: AdjustLotStockInput, { container }) => {
    const lot = await getLotOrThrow(container, input.lot_id)
    await assertLocationsExist(container, [input.location_id])
    return new StepResponse({ id: lot.id, inventory_item_id: lot.inventory_item_id })
  }
)
