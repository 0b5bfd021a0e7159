import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { chooseLots } from "../../../lib/lot-choice"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import { planAndApplyUnderLock, revertLotPlan } from "../../steps/lot-plan"

export type ReallocatedLine = {
  order_id: string
  line_item_id: string
  inventory_item_id: string
  location_id: string
  /** Units that were reserved on the recalled lots and are now released. */
  released: number
  /** Units reserved again on other eligible lots, by strategy. */
  reallocated: { lot_id: string; lot_number: string; quantity: number }[]
  /** Units no eligible lot could cover: recorded as the line's shortfall. */
  shortfall: number
}

export type Reallocation = {
  lines: ReallocatedLine[]
  released_units: number
  reallocated_units: number
  shortfall_units: number
  /** How long the step took (planning, lock wait and writes). */
  duration_ms?: number
}

export const reallocateRecalledReservationsStepId = "reallocate-recalled-reservations"

/**
 * (b) of a recall: every open reservation on the recalled lots is released
 * and its order line is reserved again on other eligible lots at the same
 * location (the item's strategy, `chooseLots`), as one allocation plan under
 * the inventory items' lock. Units no lot can cover become the line's
 * shortfall (added to any it already had), so they show on the order and
 * block its fulfilment until stock comes in. Compensation reverts the plan.
 */
export const reallocateRecalledReservationsStep = createStep(
  reallocateRecalledReservationsStepId,
  async (input: { lot_ids: string[]; inventory_item_ids: string[]; reference: string; actor_id?: string | null }, { container }) => {
    const started = Date.now()
    const service = lotService(container)
    let report: Reallocation = { lines: [], released_units: 0, reallocated_units: 0, shortfall_units: 0 }

    const result = await planAndApplyUnderLock(container, input.inventory_item_ids, async () => {
      const reserved = await service.listLotAllocations(
        { lot_id: input.lot_ids, status: "reserved" },
        { order: { created_at: "ASC", id: "ASC" } }
      )
      report = { lines: [], released_units: 0, reallocated_units: 0, shortfall_units: 0 }
      if (!reserved.length) {
        return { ops: [] }
      }
      const ops: AllocationOp[] = reserved.map((a) => ({
        kind: "release",
        allocation_id: a.id,
        quantity: a.quantity,
        reason: `lot recalled (${input.reference})`,
        actor_id: input.actor_id ?? null,
      }))

      // One entry per order line and location, in the order the reservations were made.
      const lines = new Map<string, ReallocatedLine>()
      for (const a of reserved) {
        const key = `${a.line_item_id}:${a.inventory_item_id}:${a.location_id}`
        const line = lines.get(key) ?? {
          order_id: a.order_id,
          line_item_id: a.line_item_id,
          inventory_item_id: a.inventory_item_id,
          location_id: a.location_id,
          released: 0,
          reallocated: [],
          shortfall: 0,
        }
        line.released += a.quantity
        lines.set(key, line)
      }

      const today = await service.today()
      const policies = await service.resolvePolicies([...lines.values()].map((l) => l.inventory_item_id))
      const used = new Map<string, number>()
      const candidatesCache = new Map<string, Awaited<ReturnType<typeof service.listCandidateLots>>>()
      for (const line of lines.values()) {
        const cacheKey = `${line.inventory_item_id}:${line.location_id}`
        if (!candidatesCache.has(cacheKey)) {
          candidatesCache.set(cacheKey, await service.listCandidateLots(line.inventory_item_id, line.location_id))
        }
        const candidates = candidatesCache.get(cacheKey)!.map((c) => ({
          ...c,
          available: Math.max(0, c.available - (used.get(`${c.lot_id}:${line.location_id}`) ?? 0)),
        }))
        const choice = chooseLots(line.released, candidates, policies.get(line.inventory_item_id)!, today)
        for (const pick of choice.picks) {
          const key = `${pick.lot_id}:${line.location_id}`
          used.set(key, (used.get(key) ?? 0) + pick.quantity)
          line.reallocated.push({ lot_id: pick.lot_id, lot_number: pick.lot_number, quantity: pick.quantity })
          ops.push({
            kind: "reserve",
            order_id: line.order_id,
            line_item_id: line.line_item_id,
            inventory_item_id: line.inventory_item_id,
            location_id: line.location_id,
            lot_id: pick.lot_id,
            quantity: pick.quantity,
            source: "auto",
            actor_id: input.actor_id ?? null,
          })
        }
        line.shortfall = choice.shortfall
      }

      // A line's shortfall is one row per (line, item): add what is now uncovered to what it had.
      const uncovered = new Map<string, { line: ReallocatedLine; units: number }>()
      for (const line of lines.values()) {
        if (line.shortfall > 0) {
          const key = `${line.line_item_id}:${line.inventory_item_id}`
          const entry = uncovered.get(key) ?? { line, units: 0 }
          entry.units += line.shortfall
          uncovered.set(key, entry)
        }
      }
      for (const { line, units } of uncovered.values()) {
        const existing = await service.listLotShortfalls({ line_item_id: line.line_item_id, inventory_item_id: line.inventory_item_id })
        const had = existing.reduce((s, x) => s + x.quantity, 0)
        ops.push({
          kind: "shortfall",
          order_id: line.order_id,
          line_item_id: line.line_item_id,
          inventory_item_id: line.inventory_item_id,
          location_id: line.location_id,
          quantity: had + units,
        })
      }

      const all = [...lines.values()]
      report = {
        lines: all,
        released_units: all.reduce((s, l) => s + l.released, 0),
        reallocated_units: all.reduce((s, l) => s + l.reallocated.reduce((t, r) => t + r.quantity, 0), 0),
        shortfall_units: all.reduce((s, l) => s + l.shortfall, 0),
      }
      return { ops }
    })
    return new StepResponse({ ...report, duration_ms: Date.now() - started }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
