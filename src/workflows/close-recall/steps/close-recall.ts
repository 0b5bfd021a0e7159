import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { recallFigures } from "../../../api/utils/trace-query"

export type CloseRecallInput = {
  recall_id: string
  actor_id?: string | null
  outcome?: { destroyed?: number | null; note?: string | null } | null
}

export type RecallOutcome = {
  /** Units of the recalled lots shipped to customers (fulfilled allocations). */
  units_shipped: number
  /** Of those, units returned (restocked into the lots by the return flow). */
  units_returned: number
  /** Units written off with reason `recalled` since the recall opened (destroyed from stock). */
  units_destroyed_in_stock: number
  /** Units reported destroyed outside the warehouse (by customers, in the field), as given when closing. */
  units_destroyed_reported: number
  /** units_destroyed_in_stock + units_destroyed_reported. */
  units_destroyed: number
  /** Shipped units neither returned nor reported destroyed: shipped - returned - reported (never below 0). */
  units_unaccounted: number
  /** Units of the lots still on hand (blocked) when closing. */
  units_in_stock: number
  note: string | null
  computed_at: string
}

/** The outcome from the figures: returned units that were then destroyed are counted once. */
export function recallOutcome(
  figures: { units_shipped: number; units_returned: number; units_written_off: number; units_in_stock: number },
  given: { destroyed?: number | null; note?: string | null } | null | undefined,
  now: Date
): RecallOutcome {
  const reported = given?.destroyed ?? 0
  return {
    units_shipped: figures.units_shipped,
    units_returned: figures.units_returned,
    units_destroyed_in_stock: figures.units_written_off,
    units_destroyed_reported: reported,
    units_destroyed: figures.units_written_off + reported,
    units_unaccounted: Math.max(0, figures.units_shipped - figures.units_returned - reported),
    units_in_stock: figures.units_in_stock,
    note: given?.note ?? null,
    computed_at: now.toISOString(),
  }
}

export const closeRecallStepId = "close-recall-case"

/**
 * Closes an open recall with who, when and an outcome computed from the data
 * (shipped, returned, destroyed, unaccounted). The lots stay recalled.
 * Compensation reopens it as it was.
 */
export const closeRecallStep = createStep(
  closeRecallStepId,
  async (input: CloseRecallInput, { container }) => {
    const service = lotService(container)
    const closed = await container.resolve(Modules.LOCKING).execute(`lot-recall-close:${input.recall_id}`, async () => {
      const [recall] = await service.listRecalls({ id: input.recall_id }, { relations: ["lots"] })
      if (!recall) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recall ${input.recall_id} was not found`)
      }
      if (recall.status === "closed") {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Recall ${recall.reference} is already closed (since ${new Date(recall.closed_at as any).toISOString()})`
        )
      }
      const figures = await recallFigures(container, (recall.lots ?? []).map((l: any) => l.lot_id), recall.opened_at as any)
      const now = new Date()
      const outcome = recallOutcome(figures, input.outcome, now)
      await service.updateRecalls({
        id: recall.id,
        status: "closed",
        closed_by: input.actor_id ?? null,
        closed_at: now,
        outcome: outcome as unknown as Record<string, unknown>,
      })
      return {
        result: { id: recall.id, reference: recall.reference, outcome, lot_ids: (recall.lots ?? []).map((l: any) => l.lot_id as string) },
        previous: { id: recall.id, status: recall.status, closed_by: recall.closed_by, closed_at: recall.closed_at, outcome: recall.outcome },
      }
    })
    return new StepResponse(closed.result, closed.previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await lotService(container).updateRecalls(previous as any)
    }
  }
)
