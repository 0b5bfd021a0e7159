import { MedusaError } from "@medusajs/framework/utils"
import { duplicateSerials, firstFew } from "../../lib/serial-numbers"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { Resolver } from "../../types/container"

export type StockOutRequest = {
  quantity?: number
  serial_numbers?: string[] | null
  /** The plugin's own write-offs (expiry job): take the lowest free serials instead of naming them. */
  take_serials?: boolean
}

/**
 * Units leaving a location (write-off, transfer) of a lot: for a serialized
 * item they are named by serial (the quantity follows; when given it must
 * match), for any other item serials are refused (docs/SERIALS.md).
 */
export async function stockOutSerials(
  container: Resolver,
  inventoryItemId: string,
  input: StockOutRequest,
  action: string
): Promise<{ quantity: number; serialized: boolean; serial_numbers: string[] }> {
  const policy = (await lotService(container).resolvePolicies([inventoryItemId])).get(inventoryItemId)!
  const named = input.serial_numbers ?? []
  if (!policy.serialized) {
    if (named.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Inventory item ${inventoryItemId} is not serialized; ${action} by quantity without serial_numbers`
      )
    }
    if (!input.quantity) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `quantity is required`)
    }
    return { quantity: input.quantity, serialized: false, serial_numbers: [] }
  }
  if (!named.length) {
    if (input.take_serials && input.quantity) {
      return { quantity: input.quantity, serialized: true, serial_numbers: [] }
    }
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Inventory item ${inventoryItemId} is serialized: name the serial_numbers of the units to ${action}`
    )
  }
  const twice = duplicateSerials(named)
  if (twice.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `serial_numbers: named twice: ${firstFew(twice)}`)
  }
  if (input.quantity !== undefined && input.quantity !== named.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `quantity (${input.quantity}) must equal the number of serial_numbers (${named.length})`
    )
  }
  return { quantity: named.length, serialized: true, serial_numbers: named }
}
