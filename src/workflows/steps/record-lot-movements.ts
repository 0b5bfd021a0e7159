import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../modules/lot_tracking/resolve"

export type LotMovementInput = {
  lot_id: string
  inventory_item_id: string
  location_id?: string | null
  type: string
  quantity: number
  reason?: string | null
  note?: string | null
  reference_type?: string | null
  reference_id?: string | null
  actor_id?: string | null
  metadata?: Record<string, unknown> | null
}

export const recordLotMovementsStepId = "record-lot-movements"

/**
 * Appends to the lot ledger. The ledger is never edited; only a workflow that
 * fails half-way removes the lines it wrote itself, since what they describe
 * never happened.
 */
export const recordLotMovementsStep = createStep(
  recordLotMovementsStepId,
  async (movements: LotMovementInput[], { container }) => {
    if (!movements.length) {
      return new StepResponse([] as { id: string }[], [] as string[])
    }
    const created = (await lotService(container).createLotMovements(movements as any[])) as unknown as {
      id: string
    }[]
    return new StepResponse(
      created,
      created.map((m) => m.id)
    )
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    await lotService(container).deleteLotMovements(ids)
  }
)
