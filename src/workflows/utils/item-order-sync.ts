import type { AllocationOp } from "../../modules/lot_tracking/allocation-plan"
import { lotService } from "../../modules/lot_tracking/resolve"
import { orderSyncOps, type SyncOp } from "../../lib/order-lot-sync"
import type { Resolver } from "../../types/container"
import { itemOrderRows } from "../../read-models/unassigned-stock"
import { planOrderSyncFromRows } from "./order-sync-plan"
import { planAndApplyUnderLock, type LotPlanUndo } from "./lot-plan"

export type ItemOrderSync = { orders: number; reserved_units: number; released_units: number; shortfall_units: number }

/**
 * Open orders placed while an item was not tracked hold Medusa reservations
 * but no lots (the order sync ran when the item had no policy). Once the item
 * is tracked (opening balance, first receipt, CSV import) the books must
 * balance: under the item's lot lock, every live order line's reservations of
 * the item are planned with the order sync's own rule (as an order edit or
 * reconcile would): missing units take lots by the item's strategy, what no
 * lot covers is a shortfall; lines already in step plan nothing. Oldest
 * orders first, one plan for all of them (no unit given twice), one undo log.
 * Lines whose order is missing or canceled are left to reconcile.
 */
export async function syncItemOrderLots(
  container: Resolver,
  item: string,
  options: { actor_id?: string | null; reason: string }
): Promise<{ summary: ItemOrderSync; undo: LotPlanUndo[] }> {
  const service = lotService(container)
  const summary: ItemOrderSync = { orders: 0, reserved_units: 0, released_units: 0, shortfall_units: 0 }
  const applied = await planAndApplyUnderLock(container, [item], async () => {
    // A plan may be made again on fresh data (see planAndApplyUnderLock): count this one only.
    Object.assign(summary, { orders: 0, reserved_units: 0, released_units: 0, shortfall_units: 0 })
    const [allocations, shortfalls, policies, today] = await Promise.all([
      service.listLotAllocations({ inventory_item_id: item, status: "reserved" }, { relations: ["lot"] }),
      service.listLotShortfalls({ inventory_item_id: item }),
      service.resolvePolicies([item]),
      service.today(),
    ])
    const { reservations, orders } = await itemOrderRows(
      container,
      item,
      [...allocations, ...shortfalls].map((r: any) => r.line_item_id)
    )
    const live = (line: string) => {
      const o = orders.get(line)
      return !!o && o.status !== "canceled"
    }
    const placed = (line: string) => orders.get(line)?.created_at.getTime() ?? 0
    const wanted = reservations.filter((r) => live(r.line_item_id)).sort((a, b) => placed(a.line_item_id) - placed(b.line_item_id))
    const held = (allocations as any[]).filter((a) => live(a.line_item_id))
    const short = (shortfalls as any[]).filter((s) => live(s.line_item_id))
    const { planned, pairs } = await planOrderSyncFromRows(service, { reservations: wanted, allocations: held, shortfalls: short, policies, today })
    if (!planned.length) {
      return { ops: [], skipped: "in step" }
    }
    const orderOfAllocation = new Map(held.map((a) => [a.id as string, orders.get(a.line_item_id)!.order_id]))
    const byOrder = new Map<string, SyncOp[]>()
    for (const op of planned) {
      const orderId = op.kind === "release" ? orderOfAllocation.get(op.allocation_id)! : orders.get(op.line_item_id)!.order_id
      byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), op])
    }
    const ops: AllocationOp[] = []
    for (const [orderId, orderOps] of byOrder) {
      const built = orderSyncOps(orderOps, orderId, {
        actor_id: options.actor_id,
        release_reason: "follows Medusa's reservation",
        reserve_reason: options.reason,
      })
      ops.push(...built.ops)
      summary.reserved_units += built.reserved_units
      summary.released_units += built.released_units
    }
    summary.orders = byOrder.size
    summary.shortfall_units = planned.filter((o) => o.kind === "shortfall").reduce((s, o) => s + o.quantity, 0)
    return { ops, holds: pairs }
  })
  return { summary, undo: applied.undo }
}
