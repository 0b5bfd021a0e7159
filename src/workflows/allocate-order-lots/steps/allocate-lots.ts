import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { chooseLots } from "../../../lib/lot-choice"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import { planAndApplyUnderLock, revertLotPlan } from "../../steps/lot-plan"
import type { OrderLotLine } from "./load-order-reservations"

export const allocateLotsStepId = "allocate-lots"

/**
 * Reserves lots for the order's lines by each item's strategy, splitting a
 * line across lots and recording any shortfall. Idempotent: an order that
 * already has allocations or shortfalls is left alone (the check runs under
 * the lock, so a duplicate event cannot slip between check and write).
 */
export const allocateLotsStep = createStep(
  allocateLotsStepId,
  async (input: { order_id: string; lines: OrderLotLine[] }, { container }) => {
    const service = lotService(container)
    // Read what does not change under the lock before taking it: core's checkout waits on the same lock.
    const today = await service.today()
    const result = await planAndApplyUnderLock(
      container,
      input.lines.map((l) => l.inventory_item_id),
      async () => {
        if (await service.hasOrderLots(input.order_id)) {
          return { ops: [], skipped: "already allocated" }
        }
        const candidatesFor = await service.listCandidateLotsFor(
          input.lines.map((l) => ({ inventory_item_id: l.inventory_item_id, location_id: l.location_id }))
        )
        const used = new Map<string, number>()
        const ops: AllocationOp[] = []
        // Expiry at read time: a lot that expired since the last expiry watch is held here.
        const holds = new Map<string, { inventory_item_id: string; location_id: string }>()
        for (const line of input.lines) {
          const { policy, ...lineRef } = line
          const candidates = candidatesFor.get(`${line.inventory_item_id}:${line.location_id}`)!.map((c) => ({
            ...c,
            available: Math.max(0, c.available - (used.get(`${c.lot_id}:${line.location_id}`) ?? 0)),
          }))
          const choice = chooseLots(line.quantity, candidates, policy, today)
          for (const pick of choice.picks) {
            const key = `${pick.lot_id}:${line.location_id}`
            used.set(key, (used.get(key) ?? 0) + pick.quantity)
            ops.push({ kind: "reserve", ...lineRef, lot_id: pick.lot_id, quantity: pick.quantity })
          }
          if (choice.shortfall > 0) {
            ops.push({ kind: "shortfall", ...lineRef, quantity: choice.shortfall })
          }
          if (choice.skipped.some((s) => s.reason === "expired" || s.reason === "short_shelf_life")) {
            holds.set(`${line.inventory_item_id}:${line.location_id}`, { inventory_item_id: line.inventory_item_id, location_id: line.location_id })
          }
        }
        return { ops, holds: [...holds.values()] }
      }
    )
    return new StepResponse(result, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
