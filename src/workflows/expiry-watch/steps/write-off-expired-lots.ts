import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { writeOffLotStockWorkflow } from "../../write-off-lot-stock"
import type { ExpiryListLot } from "../../../read-models/expiry-lots"

export type WriteOffExpiredLotsInput = {
  enabled: boolean
  today: string
  lots: ExpiryListLot[]
  actor_id?: string | null
}

export type ExpiryWriteOff = {
  lot_id: string
  lot_number: string
  inventory_item_id: string
  location_id: string
  quantity: number
  movement_id: string | null
}

export type ExpiryWriteOffFailure = Omit<ExpiryWriteOff, "movement_id"> & { message: string }

export const writeOffExpiredLotsStepId = "write-off-expired-lots"

/**
 * With `auto_write_off_expired`, the unreserved units of every expired lot
 * (reserved units stay: they belong to orders, which will not ship them) are
 * written off with reason `expired`, one lot and location at a time through
 * `writeOffLotStockWorkflow`, which moves lot stock and Medusa's inventory
 * level together. Each write-off is complete on its own; one that loses a
 * race (the units moved meanwhile) is reported and tried again next run. They
 * are real stock movements, so a later failure of the run does not undo them.
 */
export const writeOffExpiredLotsStep = createStep(
  writeOffExpiredLotsStepId,
  async (input: WriteOffExpiredLotsInput, { container }) => {
    const written_off: ExpiryWriteOff[] = []
    const failures: ExpiryWriteOffFailure[] = []
    if (!input.enabled) {
      return new StepResponse({ written_off, failures })
    }
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    for (const lot of input.lots.filter((l) => l.state === "expired")) {
      for (const stock of lot.stock) {
        const quantity = stock.stocked_quantity - stock.reserved_quantity
        if (quantity <= 0) {
          continue
        }
        const row = {
          lot_id: lot.id,
          lot_number: lot.lot_number,
          inventory_item_id: lot.inventory_item_id,
          location_id: stock.location_id,
          quantity,
        }
        try {
          const { result } = await writeOffLotStockWorkflow(container).run({
            input: {
              lot_id: lot.id,
              location_id: stock.location_id,
              quantity,
              // Serialized items: the lowest free serials of the lot go with the units.
              take_serials: true,
              reason: "expired",
              note: `Written off by the expiry watch: expired ${lot.expires_at}, counted on ${input.today}`,
              actor_id: input.actor_id ?? null,
              reference_type: "expiry_watch",
              reference_id: input.today,
            },
          })
          written_off.push({ ...row, movement_id: (result as { id: string }[])[0]?.id ?? null })
        } catch (e) {
          const message = (e as Error)?.message ?? String(e)
          logger.warn(`Expiry watch: could not write off ${quantity} units of lot ${lot.lot_number} at ${stock.location_id}: ${message}`)
          failures.push({ ...row, message })
        }
      }
    }
    return new StepResponse({ written_off, failures })
  }
)
