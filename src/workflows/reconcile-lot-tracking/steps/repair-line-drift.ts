import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { planOrderSyncFromRows } from "../../utils/order-sync-plan"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { orderSyncOps } from "../../../lib/order-lot-sync"
import { planAndApplyUnderLock, revertLotPlan, type LotPlanUndo } from "../../utils/lot-plan"

/** The movement reason of every allocation change reconcile makes. */
export const RECONCILE_REASON = "reconcile"

export type DriftLine = { order_id: string; line_item_id: string; inventory_item_id: string; location_id: string }

export type LineRepair = {
  order_id: string
  /** The differing lines of the order this run was asked to put right. */
  lines: number
  ok: boolean
  reserved_units: number
  released_units: number
  /** Why the order's repair failed (nothing of it was applied). */
  message: string | null
}

export const repairLineDriftStepId = "repair-line-drift"

/**
 * Orphaned allocations and lines that differ from Medusa's reservations: per
 * order, under the lock on its items, the order's reserved allocations and
 * shortfalls and Medusa's reservations of their lines (and of the differing
 * lines) are read again and the order sync's own rule (`planOrderLotSync`)
 * plans what makes them equal: release where Medusa reserves nothing or
 * less (shortfall first, blocked lots, then the latest in picking order),
 * allocate by strategy where it reserves more. Every reserve and release is
 * a movement with reason `reconcile`; holds of the pairs are synced in the
 * same lock. Each order stands alone (one that fails is reported, the others
 * are kept); the compensation reverts every applied plan.
 */
export const repairLineDriftStep = createStep(
  repairLineDriftStepId,
  async (input: { lines: DriftLine[]; actor_id?: string | null }, { container }) => {
    const service = lotService(container)
    const inventory = container.resolve(Modules.INVENTORY)
    const byOrder = new Map<string, DriftLine[]>()
    for (const line of input.lines) {
      byOrder.set(line.order_id, [...(byOrder.get(line.order_id) ?? []), line])
    }
    const undo: LotPlanUndo[] = []
    const repairs: LineRepair[] = []
    for (const [orderId, lines] of byOrder) {
      const repair: LineRepair = { order_id: orderId, lines: lines.length, ok: true, reserved_units: 0, released_units: 0, message: null }
      try {
        // Which items to lock: the differing lines' and every item the order holds lots or a shortfall of.
        const [allocationsBefore, shortfallsBefore] = await Promise.all([
          service.listLotAllocations({ order_id: orderId, status: "reserved" }, { select: ["inventory_item_id"] }),
          service.listLotShortfalls({ order_id: orderId }, { select: ["inventory_item_id"] }),
        ])
        const itemIds = [...new Set([...lines, ...allocationsBefore, ...shortfallsBefore].map((r) => r.inventory_item_id))]
        const policies = await service.resolvePolicies(itemIds)
        const tracked = itemIds.filter((id) => policies.get(id)?.tracked)
        const applied = await planAndApplyUnderLock(container, tracked, async () => {
          const [allocations, shortfalls, today] = await Promise.all([
            service.listLotAllocations({ order_id: orderId, status: "reserved", inventory_item_id: tracked }, { relations: ["lot"] }),
            service.listLotShortfalls({ order_id: orderId, inventory_item_id: tracked }),
            service.today(),
          ])
          const lineIds = [...new Set([...lines, ...allocations, ...shortfalls].map((r) => r.line_item_id))]
          const reservations = lineIds.length
            ? await inventory.listReservationItems(
                { line_item_id: lineIds, inventory_item_id: tracked },
                { select: ["line_item_id", "inventory_item_id", "location_id", "quantity"] }
              )
            : []
          const { planned, pairs } = await planOrderSyncFromRows(service, {
            reservations: reservations as any[],
            allocations: allocations as any[],
            shortfalls,
            policies,
            today,
          })
          if (!planned.length) {
            return { ops: [], skipped: "in line" }
          }
          const { ops, reserved_units, released_units } = orderSyncOps(planned, orderId, {
            actor_id: input.actor_id,
            release_reason: RECONCILE_REASON,
            reserve_reason: RECONCILE_REASON,
          })
          repair.reserved_units = reserved_units
          repair.released_units = released_units
          // Released units of a blocked lot are held, an expired lot met here is held: sync every pair touched.
          return { ops, holds: pairs }
        })
        undo.push(...applied.undo)
      } catch (e) {
        repair.ok = false
        repair.reserved_units = 0
        repair.released_units = 0
        repair.message = String((e as Error)?.message ?? e)
      }
      repairs.push(repair)
    }
    return new StepResponse(repairs, undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
