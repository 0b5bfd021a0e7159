import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { planOrderSyncFromRows } from "../utils/order-sync-plan"
import { lotService } from "../../modules/lot_tracking/resolve"
import { orderSyncOps } from "../../lib/order-lot-sync"
import { planAndApplyUnderLock, revertLotPlan } from "../utils/lot-plan"
import type { Resolver } from "../../types/container"

export type SyncOrderLotsResult = {
  order_id: string
  /** "already allocated": nothing to change (the order's lots already follow its reservations). */
  skipped?: string
  reserved_units: number
  released_units: number
  shortfall_units: number
}

/** Every line item id of the order, including claim and exchange items (they are order items too). */
async function orderLineIds(container: Resolver, orderId: string): Promise<string[] | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "items.id"], filters: { id: orderId } })
  if (!data.length) {
    return null
  }
  return (data[0].items ?? []).map((i: { id: string }) => i.id)
}

export const syncOrderLotsStepId = "sync-order-lots"

/**
 * Makes the order's lot allocations follow Medusa's reservations of its
 * tracked items (`src/lib/order-lot-sync.ts`), under the lock on every item
 * involved: Medusa's reservations, the order's allocations and shortfalls are
 * all read inside it, so the plan rests on what is true when it is written.
 * Idempotent: a second run finds nothing to do.
 */
export const syncOrderLotsStep = createStep(
  syncOrderLotsStepId,
  async (input: { order_id: string; actor_id?: string | null }, { container }) => {
    const service = lotService(container)
    const inventory = container.resolve(Modules.INVENTORY)
    const result: SyncOrderLotsResult = { order_id: input.order_id, reserved_units: 0, released_units: 0, shortfall_units: 0 }
    const lineIds = await orderLineIds(container, input.order_id)
    if (lineIds === null) {
      return new StepResponse({ ...result, skipped: "order not found" }, [] as any[])
    }

    // Which items to lock: what Medusa reserves now and what the plugin holds for the order.
    const [reservationsBefore, allocationsBefore, shortfallsBefore] = await Promise.all([
      lineIds.length ? inventory.listReservationItems({ line_item_id: lineIds }, { select: ["inventory_item_id"] }) : [],
      service.listLotAllocations({ order_id: input.order_id, status: "reserved" }, { select: ["inventory_item_id"] }),
      service.listLotShortfalls({ order_id: input.order_id }, { select: ["inventory_item_id"] }),
    ])
    const itemIds = [
      ...new Set([...reservationsBefore, ...allocationsBefore, ...shortfallsBefore].map((r: { inventory_item_id: string }) => r.inventory_item_id)),
    ]
    const policies = await service.resolvePolicies(itemIds)
    const tracked = itemIds.filter((id) => policies.get(id)?.tracked)
    if (!tracked.length) {
      return new StepResponse({ ...result, skipped: "no tracked items" }, [] as any[])
    }

    const applied = await planAndApplyUnderLock(container, tracked, async () => {
      const [reservations, allocations, shortfalls, today] = await Promise.all([
        lineIds.length
          ? inventory.listReservationItems(
              { line_item_id: lineIds, inventory_item_id: tracked },
              { select: ["line_item_id", "inventory_item_id", "location_id", "quantity"] }
            )
          : [],
        service.listLotAllocations({ order_id: input.order_id, status: "reserved", inventory_item_id: tracked }, { relations: ["lot"] }),
        service.listLotShortfalls({ order_id: input.order_id, inventory_item_id: tracked }),
        service.today(),
      ])
      const { planned, held, pairs, candidates } = await planOrderSyncFromRows(service, {
        reservations: reservations as any[],
        allocations: allocations as any[],
        shortfalls,
        policies,
        today,
      })
      if (!planned.length) {
        return { ops: [], skipped: allocations.length || shortfalls.length ? "already allocated" : "nothing reserved" }
      }
      const { ops, reserved_units, released_units } = orderSyncOps(planned, input.order_id, {
        actor_id: input.actor_id,
        release_reason: "follows Medusa's reservation",
      })
      result.reserved_units = reserved_units
      result.released_units = released_units
      const shortByLine = new Map(shortfalls.map((s) => [`${s.line_item_id}|${s.inventory_item_id}`, s.quantity]))
      for (const o of planned) {
        if (o.kind === "shortfall") {
          shortByLine.set(`${o.line_item_id}|${o.inventory_item_id}`, o.quantity)
        }
      }
      result.shortfall_units = [...shortByLine.values()].reduce((s, q) => s + q, 0)
      // Holds to sync: where units go back to a blocked lot, and where an expired lot was met (read time).
      const blockedLots = new Set(
        held.filter((a) => a.lot.status !== "active" || (a.lot.expires_at !== null && a.lot.expires_at < today)).map((a) => a.id)
      )
      const holdPairs = pairs.filter(
        (p) =>
          planned.some(
            (o) =>
              o.kind === "release" &&
              blockedLots.has(o.allocation_id) &&
              held.some((a) => a.id === o.allocation_id && a.inventory_item_id === p.inventory_item_id && a.location_id === p.location_id)
          ) ||
          (candidates.get(`${p.inventory_item_id}:${p.location_id}`) ?? []).some(
            (c) => c.status === "active" && c.expires_at !== null && c.expires_at < today && c.available > 0
          )
      )
      return { ops, holds: holdPairs }
    })
    return new StepResponse({ ...result, skipped: applied.skipped }, applied.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
