import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { assertLocationsExist, getLotOrThrow } from "../../utils/lookups"
import type { AdjustLotStockInput } from "../index"

export const validateCountStepId = "validate-lot-count"

export const validateCountStep = createStep(
  validateCountStepId,
  async (input: AdjustLotStockInput, { container }) => {
    const lot = await getLotOrThrow(container, input.lot_id)
    await assertLocationsExist(container, [input.location_id])
    // A count of a serialized item cannot say which units appeared or went missing.
    const service = lotService(container)
    const policy = (await service.resolvePolicies([lot.inventory_item_id])).get(lot.inventory_item_id)!
    if (policy.serialized) {
      const [stock] = await service.listLotStocks({ lot_id: lot.id, location_id: input.location_id } as any, { select: ["stocked_quantity"] })
      const current = Number(stock?.stocked_quantity ?? 0)
      if (current !== input.quantity) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Lot ${lot.lot_number} is of a serialized item: a count of ${input.quantity} (${current} in stock) cannot say which units changed; ` +
            `receive the found units with their serial_numbers or write off the missing ones by serial_numbers`
        )
      }
    }
    return new StepResponse({ id: lot.id, inventory_item_id: lot.inventory_item_id })
  }
)
