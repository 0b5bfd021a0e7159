import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { duplicateSerials, firstFew, receiptSerials, SERIALS_PER_REQUEST_MAX, type SerialRange } from "../../lib/serial-numbers"
import { lotService } from "../../modules/lot_tracking/resolve"

export type ReceiptSerialsInput = {
  inventory_item_id: string
  lines: { location_id: string; quantity: number; serial_numbers?: string[] | null; serial_range?: SerialRange | null }[]
}

/** Per receipt line, the serials it brings (none for an item without serials). */
export type ReceiptSerials = {
  serialized: boolean
  scope: "item" | "global"
  lines: { location_id: string; serial_numbers: string[] }[]
}

export const resolveReceiptSerialsStepId = "resolve-receipt-serials"

/**
 * The serials of a receipt (docs/SERIALS.md): each line's list or range, or
 * generated from the item's pattern. Refuses serials for an item that is not
 * serialized, counts that are not the quantity, and duplicates within the
 * request or already in use (400, nothing written). The insert checks again
 * under the serial lock, so two receipts racing cannot both take a number.
 * Generated numbers only advance a counter: nothing to compensate.
 */
export const resolveReceiptSerialsStep = createStep(
  resolveReceiptSerialsStepId,
  async (input: ReceiptSerialsInput, { container }) => {
    const service = lotService(container)
    const policy = (await service.resolvePolicies([input.inventory_item_id])).get(input.inventory_item_id)!
    const named = input.lines.some((l) => l.serial_numbers || l.serial_range)
    if (!policy.serialized) {
      if (named) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Inventory item ${input.inventory_item_id} is not serialized; turn serials on in its policy (serialized: true) before receiving serial numbers`
        )
      }
      return new StepResponse<ReceiptSerials>({ serialized: false, scope: policy.serial_scope, lines: [] })
    }
    const lines: (string[] | null)[] = input.lines.map((l) => {
      try {
        return receiptSerials(l, `receive at ${l.location_id}`)
      } catch (e) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, (e as Error).message)
      }
    })
    const total = input.lines.reduce((sum, l) => sum + l.quantity, 0)
    if (total > SERIALS_PER_REQUEST_MAX) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `A receipt of a serialized item brings at most ${SERIALS_PER_REQUEST_MAX} units (one serial each); got ${total}. Receive them in several requests`
      )
    }
    const all = lines.flatMap((l) => l ?? [])
    const twice = duplicateSerials(all)
    if (twice.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `serial_numbers: named twice in the request: ${firstFew(twice)}; nothing was received`)
    }
    const taken = await service.takenSerialNumbers({ inventory_item_id: input.inventory_item_id, scope: policy.serial_scope, serial_numbers: all })
    if (taken.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `serial_numbers: already in use: ${firstFew(taken)}; nothing was received`)
    }
    const resolved: ReceiptSerials["lines"] = []
    for (const [i, line] of input.lines.entries()) {
      resolved.push({
        location_id: line.location_id,
        serial_numbers: lines[i] ?? (await service.generateSerialNumbers(input.inventory_item_id, line.quantity)),
      })
    }
    return new StepResponse<ReceiptSerials>({ serialized: true, scope: policy.serial_scope, lines: resolved })
  }
)
