import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { noReallocation, planRecallReallocation, reallocationPairs, type Reallocation } from "../../../lib/recall-reallocation"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { planAndApplyUnderLock, revertLotPlan } from "../../utils/lot-plan"

export type { ReallocatedLine, Reallocation } from "../../../lib/recall-reallocation"

export const reallocateRecalledReservationsStepId = "reallocate-recalled-reservations"

/**
 * (b) of a recall: every open reservation on the recalled lots is released
 * and its order line is reserved again on other eligible lots at the same
 * location (`planRecallReallocation`, `src/lib/recall-reallocation.ts`), as
 * one allocation plan under the inventory items' lock. Units no lot can
 * cover become the line's shortfall (added to any it already had), so they
 * show on the order and block its fulfilment until stock comes in.
 * Compensation reverts the plan.
 */
export const reallocateRecalledReservationsStep = createStep(
  reallocateRecalledReservationsStepId,
  async (
    input: { lot_ids: string[]; inventory_item_ids: string[]; reference: string; actor_id?: string | null; location_ids?: string[] | null },
    { container }
  ) => {
    const started = Date.now()
    const service = lotService(container)
    let report: Reallocation = noReallocation()

    const result = await planAndApplyUnderLock(container, input.inventory_item_ids, async () => {
      // A recall scoped to locations moves only the reservations there.
      const reserved = await service.listLotAllocations(
        input.location_ids?.length
          ? { lot_id: input.lot_ids, status: "reserved", location_id: input.location_ids }
          : { lot_id: input.lot_ids, status: "reserved" },
        { order: { created_at: "ASC", id: "ASC" } }
      )
      report = noReallocation()
      if (!reserved.length) {
        return { ops: [] }
      }
      const pairs = reallocationPairs(reserved)
      const [today, policies, candidates] = await Promise.all([
        service.today(),
        service.resolvePolicies(pairs.map((p) => p.inventory_item_id)),
        service.listCandidateLotsFor(pairs),
      ])
      const plan = (shortfalls: { line_item_id: string; inventory_item_id: string; quantity: number }[]) =>
        planRecallReallocation({
          reserved,
          reason: `lot recalled (${input.reference})`,
          actor_id: input.actor_id ?? null,
          policies,
          today,
          candidates,
          shortfalls,
        })
      let planned = plan([])
      const uncovered = planned.reallocation.lines.filter((l) => l.shortfall > 0)
      if (uncovered.length) {
        // Only lines left uncovered need what they were already short of.
        planned = plan(
          await service.listLotShortfalls({
            line_item_id: [...new Set(uncovered.map((l) => l.line_item_id))],
            inventory_item_id: [...new Set(uncovered.map((l) => l.inventory_item_id))],
          })
        )
      }
      report = planned.reallocation
      return { ops: planned.ops }
    })
    return new StepResponse({ ...report, duration_ms: Date.now() - started }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
