import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { recallOutcome, shipmentInScope, type RecallScope } from "../../../lib/recall"
import { listShipments } from "../../../read-models/shipments"

export type { RecallOutcome } from "../../../lib/recall"

export type CloseRecallInput = {
  recall_id: string
  actor_id?: string | null
  outcome?: { destroyed?: number | null; note?: string | null } | null
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
      if (recall.status === "canceled") {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Recall ${recall.reference} was canceled (${new Date(recall.canceled_at as any).toISOString()}); a canceled recall cannot be closed`
        )
      }
      const lotIds = (recall.lots ?? []).map((l: any) => l.lot_id as string)
      const scope = (recall.scope ?? null) as RecallScope | null
      const figures = await service.recallFigures(lotIds, recall.opened_at as any, scope?.location_ids ?? null)
      if (scope?.shipped_from || scope?.shipped_to) {
        // Shipped units of a recall limited to ship dates: those in scope, by the merchant's calendar.
        const { time_zone } = await service.getOptions()
        const inScope = (await listShipments(container, lotIds)).filter((s) => shipmentInScope(s, scope, time_zone))
        figures.units_shipped = inScope.reduce((n, s) => n + s.quantity, 0)
        figures.units_returned = inScope.reduce((n, s) => n + s.returned_quantity, 0)
      }
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
