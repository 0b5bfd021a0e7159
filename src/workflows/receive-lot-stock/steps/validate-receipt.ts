import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { isExpired } from "../../../lib/expiry"
import { assertLocationsExist, getLotOrThrow } from "../../utils/lookups"
import type { ReceiveLotStockInput } from "../index"

export const validateReceiptStepId = "validate-lot-receipt"

export const validateReceiptStep = createStep(
  validateReceiptStepId,
  async (input: ReceiveLotStockInput, { container }) => {
    const lot = await getLotOrThrow(container, input.lot_id)
    await assertLocationsExist(container, [input.location_id])
    if (lot.status === "recalled") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Lot ${lot.lot_number} is recalled; stock cannot be received into it`
      )
    }
    const today = await lotService(container).today()
    if (isExpired(lot.expires_at, today) && !input.allow_expired) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Lot ${lot.lot_number} expired on ${lot.expires_at}; receiving expired stock is refused unless allow_expired is true`
      )
    }
    return new StepResponse({ id: lot.id, inventory_item_id: lot.inventory_item_id })
  }
)
