import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../modules/lot_tracking/allocation-plan"
import type { ItemLocation } from "../../modules/lot_tracking/service"
import { revertHolds, syncHolds, type HoldUndo } from "../utils/lot-holds"
import { planAndApplyUnderLock, revertLotPlan } from "../utils/lot-plan"
import type { Resolver } from "../../types/container"

export type SettleInput = {
  /** The (item, location) pairs whose lot stock or lot statuses changed. */
  pairs?: ItemLocation[]
  /** Or the lots that changed: their pairs are read from lot stock. */
  lot_ids?: string[]
  /** Or items whose policy changed: every location where their lots have stock. */
  inventory_item_ids?: string[]
  /** Reserve newly sellable units for order lines waiting as shortfalls (default true). */
  fill_shortfalls?: boolean
  actor_id?: string | null
  /** Reason on the `reserved` movements of filled shortfalls (e.g. `reconcile`); none by default. */
  reason?: string | null
}

export type SettleResult = {
  /** Order lines that received lots, with the units each got. */
  filled: { order_id: string; line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }[]
}

async function resolvePairs(container: Resolver, input: SettleInput): Promise<ItemLocation[]> {
  const pairs = [...(input.pairs ?? [])]
  if (input.lot_ids?.length || input.inventory_item_ids?.length) {
    const service = lotService(container)
    const lots = await service.listLots(
      input.lot_ids?.length ? { id: input.lot_ids } : { inventory_item_id: input.inventory_item_ids },
      { select: ["id", "inventory_item_id"] }
    )
    const itemOf = new Map(lots.map((l) => [l.id, l.inventory_item_id]))
    const stock = lots.length ? await service.listLotStocks({ lot_id: lots.map((l) => l.id) }, { select: ["lot_id", "location_id"] }) : []
    for (const s of stock) {
      pairs.push({ inventory_item_id: itemOf.get(s.lot_id)!, location_id: s.location_id })
    }
  }
  return [...new Map(pairs.filter((p) => p.inventory_item_id).map((p) => [`${p.inventory_item_id}:${p.location_id}`, p])).values()]
}

export const settleLotStockStepId = "settle-lot-stock"

/**
 * After lot stock or a lot's status changed: units that became sellable go
 * first to order lines waiting for them (shortfalls, oldest order first), and
 * the hold reservation of each pair is brought in line, so Medusa's available
 * quantity is exactly the sellable units. One lock, one plan; compensation
 * undoes both.
 */
export const settleLotStockStep = createStep(
  settleLotStockStepId,
  async (input: SettleInput, { container }) => {
    const pairs = await resolvePairs(container, input)
    if (!pairs.length) {
      return new StepResponse<SettleResult, any[]>({ filled: [] }, [])
    }
    const service = lotService(container)
    const result = await planAndApplyUnderLock(
      container,
      pairs.map((p) => p.inventory_item_id),
      async () => {
        if (input.fill_shortfalls === false) {
          return { ops: [], holds: pairs }
        }
        const fills = await service.planShortfallFills(pairs)
        const ops: AllocationOp[] = []
        for (const { line, picks, remaining } of fills) {
          const ref = { order_id: line.order_id, line_item_id: line.line_item_id, inventory_item_id: line.inventory_item_id }
          for (const pick of picks) {
            ops.push({ kind: "reserve", ...ref, lot_id: pick.lot_id, location_id: line.location_id, quantity: pick.quantity, actor_id: input.actor_id, reason: input.reason ?? null })
          }
          ops.push({ kind: "shortfall", ...ref, location_id: line.location_id, quantity: remaining })
        }
        return { ops, holds: pairs }
      }
    )
    const filled = new Map<string, SettleResult["filled"][number]>()
    for (const op of result.ops) {
      if (op.kind === "reserve") {
        const k = `${op.line_item_id}:${op.inventory_item_id}`
        const entry = filled.get(k) ?? { order_id: op.order_id, line_item_id: op.line_item_id, inventory_item_id: op.inventory_item_id, location_id: op.location_id, quantity: 0 }
        entry.quantity += op.quantity
        filled.set(k, entry)
      }
    }
    return new StepResponse<SettleResult, any[]>({ filled: [...filled.values()] }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)

export const raiseLotHoldsStepId = "raise-lot-holds"

/**
 * Raises holds ahead of a change that makes Medusa's level grow (a receipt or
 * return into a blocked lot): the blocked units are held before they are
 * counted, so they are never for sale, not even for a moment. The settle
 * step afterwards sets the exact figure.
 */
export const raiseLotHoldsStep = createStep(
  raiseLotHoldsStepId,
  async (input: { pairs: ItemLocation[] }, { container }) => {
    const undo = await syncHolds(container, input.pairs, { only_raise: true })
    return new StepResponse(undo.length, undo)
  },
  async (undo: HoldUndo[] | undefined, { container }) => revertHolds(container, undo)
)
