import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { assertLocationsExist, getLotOrThrow } from "../../utils/lookups"
import { stockOutSerials } from "../../utils/stock-out-serials"
import type { TransferLotStockInput } from "../index"

export const validateTransferStepId = "validate-lot-transfer"

export const validateTransferStep = createStep(
  validateTransferStepId,
  async (input: TransferLotStockInput, { container }) => {
    const lot = await getLotOrThrow(container, input.lot_id)
    if (input.from_location_id === input.to_location_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "from_location_id and to_location_id must differ")
    }
    await assertLocationsExist(container, [input.from_location_id, input.to_location_id])
    // Stock blocked here by a recall scoped to this location stays here (moved, it would be sellable elsewhere).
    const [from] = await lotService(container).listLotStocks(
      { lot_id: lot.id, location_id: input.from_location_id },
      { select: ["recall_id"] }
    )
    if (from?.recall_id) {
      const [recall] = await lotService(container).listRecalls({ id: from.recall_id }, { select: ["reference"] })
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Lot ${lot.lot_number} is recalled at location ${input.from_location_id} (recall ${recall?.reference ?? from.recall_id}); its units there cannot be transferred`
      )
    }
    // Availability is checked atomically when the stock moves.
    const units = await stockOutSerials(container, lot.inventory_item_id, input, "transfer")
    return new StepResponse({ id: lot.id, inventory_item_id: lot.inventory_item_id, ...units })
  }
)
