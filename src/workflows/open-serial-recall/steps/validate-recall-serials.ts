import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { duplicateSerials, firstFew } from "../../../lib/serial-numbers"
import { lotService } from "../../../modules/lot_tracking/resolve"

export type RecallSerialRef = {
  id: string
  serial_number: string
  inventory_item_id: string
  lot_id: string
  lot_number: string
  status: string
}

export const validateRecallSerialsStepId = "validate-recall-serials"

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/**
 * The serials named for a recall must exist (a number used by two items
 * needs `inventory_item_id` to say which), must not be named twice and must
 * not be under a recall already. Nothing is written when this refuses.
 */
export const validateRecallSerialsStep = createStep(
  validateRecallSerialsStepId,
  async (input: { serial_numbers: string[]; inventory_item_id?: string | null }, { container }) => {
    const twice = duplicateSerials(input.serial_numbers)
    if (twice.length) {
      throw invalid(`serial_numbers names ${firstFew(twice)} more than once`)
    }
    const found = await lotService(container).findSerialsByNumber(
      input.serial_numbers,
      input.inventory_item_id ? { inventory_item_id: [input.inventory_item_id] } : {}
    )
    const unknown = input.serial_numbers.filter((n) => !found.some((s) => s.serial_number === n))
    if (unknown.length) {
      throw invalid(`Unknown serial number${unknown.length > 1 ? "s" : ""}: ${firstFew(unknown)}`)
    }
    const shared = input.serial_numbers.filter((n) => found.filter((s) => s.serial_number === n).length > 1)
    if (shared.length) {
      throw invalid(`${firstFew(shared)}: used by several inventory items; give inventory_item_id to say which`)
    }
    const blocked = found.filter((s) => s.blocked)
    if (blocked.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Serial${blocked.length > 1 ? "s" : ""} ${firstFew(blocked.map((s) => s.serial_number))} ${blocked.length > 1 ? "are" : "is"} already recalled`
      )
    }
    // In the order named.
    return new StepResponse(
      input.serial_numbers.map((n) => {
        const s = found.find((f) => f.serial_number === n)!
        return {
          id: s.id,
          serial_number: s.serial_number,
          inventory_item_id: s.inventory_item_id,
          lot_id: s.lot_id,
          lot_number: s.lot_number,
          status: s.status,
        } as RecallSerialRef
      })
    )
  }
)
