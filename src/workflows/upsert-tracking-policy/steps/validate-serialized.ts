import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { UpsertTrackingPolicyInput } from "../index"

export const validateSerializedStepId = "validate-lot-tracking-serialized"

const units = (n: number) => `${n} unit${n === 1 ? "" : "s"}`

/**
 * A serialized item has one serial per unit in stock (docs/SERIALS.md), so
 * serials are turned on only when every unit in stock already has one, and
 * off only when no serial is in stock or reserved (they would be left
 * behind by every flow). Refused with a 409 saying what to do; nothing is
 * written here.
 */
export const validateSerializedStep = createStep(
  validateSerializedStepId,
  async (input: UpsertTrackingPolicyInput, { container }) => {
    const service = lotService(container)
    const itemId = input.inventory_item_id
    const current = (await service.resolvePolicies([itemId])).get(itemId)!
    if (input.serial_scope === "global" && current.serial_scope !== "global") {
      // Global: unique among all items' serials; the item's own may already be used elsewhere.
      const shared = await service.serialNumbersSharedWithOtherItems(itemId)
      if (shared.length) {
        throw new MedusaError(
          MedusaError.Types.CONFLICT,
          `Serials of inventory item ${itemId} are also used by other items (${shared.slice(0, 5).join(", ")}${shared.length > 5 ? ", ..." : ""}); they cannot be unique across items`
        )
      }
    }
    if (input.serialized === undefined) {
      return new StepResponse(undefined)
    }
    if (current.serialized === input.serialized) {
      return new StepResponse(undefined)
    }
    const coverage = await service.serialCoverage([itemId])
    if (input.serialized) {
      const missing = coverage.filter((c) => c.stocked_quantity > c.serials_on_hand)
      if (missing.length) {
        const count = missing.reduce((sum, c) => sum + c.stocked_quantity - c.serials_on_hand, 0)
        const lots = new Set(missing.map((c) => c.lot_id)).size
        throw new MedusaError(
          MedusaError.Types.CONFLICT,
          `Inventory item ${itemId} has ${units(count)} in stock without serials (${lots} lot${lots === 1 ? "" : "s"}); ` +
            `receive or assign serials first (write off the unserialized units and receive them again with serial_numbers).`
        )
      }
    } else {
      const onHand = coverage.reduce((sum, c) => sum + c.serials_on_hand, 0)
      if (onHand) {
        throw new MedusaError(
          MedusaError.Types.CONFLICT,
          `Inventory item ${itemId} has ${units(onHand)} with serials in stock or reserved; ship or write them off before turning serials off.`
        )
      }
    }
    return new StepResponse(undefined)
  }
)
