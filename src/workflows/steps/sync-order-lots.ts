import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { planOrderSyncFromRows } from "../utils/order-sync-plan"
import { lotService } from "../../modules/lot_tracking/resolve"
import { orderSyncOps } from "../../lib/order-lot-sync"
import { planAndApplyUnderLock, revertLotPlan, type LotPlanUndo } from "../utils/lot-plan"
import { readOrderLotState } from "../../read-models/order-lot-state"
import { allocatedEvent, eventContext, LotEvents, orderLotLines, type OrderLotLine } from "../../lib/lot-events"
import { clearGroupedEvent, emitGroupedEvent } from "../utils/grouped-event"

export type SyncOrderLotsResult = {
  order_id: string
  /** "already allocated": nothing to change (the order's lots already follow its reservations). */
  skipped?: string
  reserved_units: number
  released_units: number
  shortfall_units: number
  /** Lots reserved by this run, per line (the `lot.allocated` event); empty when nothing was reserved. */
  allocated: OrderLotLine[]
}

export const syncOrderLotsStepId = "sync-order-lots"

type SyncOrderLotsUndo = { undo: LotPlanUndo[]; eventGroupId: string | null }
const NOTHING_TO_UNDO: SyncOrderLotsUndo = { undo: [], eventGroupId: null }

/**
 * Makes the order's lot allocations follow Medusa's reservations of its
 * tracked items (`src/lib/order-lot-sync.ts`). The order's state (Medusa's
 * reservations, the plugin's allocations and shortfalls: one statement) and
 * the policies name the items; under the plugin's lot lock on them the state
 * is read again with the candidate lots, planned, and applied in one
 * transaction, so the plan rests on what is true when it is written.
 * Idempotent: a second run finds nothing to do ("already allocated"),
 * decided by that same read.
 *
 * `lot.allocated` (one event for the run's new reservations, none when
 * nothing was reserved) is published from here into the workflow's event
 * group, so it still goes out only when the workflow succeeds: a separate
 * emit step cost every order one more step on the checkout path.
 */
export const syncOrderLotsStep = createStep(
  syncOrderLotsStepId,
  async (input: { order_id: string; actor_id?: string | null }, context) => {
    const { container } = context
    const service = lotService(container)
    const result: SyncOrderLotsResult = { order_id: input.order_id, reserved_units: 0, released_units: 0, shortfall_units: 0, allocated: [] }
    // Which items to lock: what Medusa reserves now and what the plugin holds for the order (one statement).
    const before = await readOrderLotState(container, input.order_id)
    if (!before.found) {
      return new StepResponse({ ...result, skipped: "order not found" }, NOTHING_TO_UNDO)
    }
    const itemIds = [...new Set([...before.reservations, ...before.allocations, ...before.shortfalls].map((r) => r.inventory_item_id))]
    const policies = await service.resolvePolicies(itemIds)
    const tracked = new Set(itemIds.filter((id) => policies.get(id)?.tracked))
    if (!tracked.size) {
      return new StepResponse({ ...result, skipped: "no tracked items" }, NOTHING_TO_UNDO)
    }
    const ofTracked = <T extends { inventory_item_id: string }>(rows: T[]) => rows.filter((r) => tracked.has(r.inventory_item_id))
    const knownPairs = [...new Map(ofTracked(before.reservations).map((r) => [`${r.inventory_item_id}:${r.location_id}`, r])).values()]

    // Already in step, without the lock: the usual second run (checkout fires order.placed and
    // reservation events, and both sync the order). Only when no line waits for stock (a waiting
    // line could take new lots) and the rule plans nothing on what was read; anything else is
    // planned under the lock. Skipping is safe: a later change fires its own event.
    if (!ofTracked(before.shortfalls).length && ofTracked(before.allocations).length) {
      const { planned } = await planOrderSyncFromRows(service, {
        reservations: ofTracked(before.reservations),
        allocations: ofTracked(before.allocations),
        shortfalls: [],
        policies,
        today: await service.today(),
        read_candidates: false,
      })
      if (!planned.length) {
        return new StepResponse({ ...result, skipped: "already allocated" }, NOTHING_TO_UNDO)
      }
    }

    const applied = await planAndApplyUnderLock(container, [...tracked], async () => {
      // Read again under the lot lock, with the candidate lots in parallel: of two syncs of one
      // order, the later one plans from what is committed when it runs (core commits a
      // reservation change before its event starts the next sync). Also the idempotency check.
      const [now, known, today] = await Promise.all([
        readOrderLotState(container, input.order_id),
        service.listCandidateLotsFor(knownPairs),
        service.today(),
      ])
      const reservations = ofTracked(now.reservations)
      const allocations = ofTracked(now.allocations)
      const shortfalls = ofTracked(now.shortfalls)
      const { planned, held, pairs, candidates } = await planOrderSyncFromRows(service, {
        reservations,
        allocations,
        shortfalls,
        policies,
        today,
        candidates: known,
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
      // Lot numbers from the candidates already read: the event costs no statement.
      const lotNumbers: Record<string, string> = {}
      for (const lots of candidates.values()) {
        for (const c of lots) {
          lotNumbers[c.lot_id] = c.lot_number
        }
      }
      result.allocated = orderLotLines(ops, "reserve", lotNumbers)
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
    const eventGroupId = await emitGroupedEvent(
      context,
      LotEvents.ALLOCATED,
      allocatedEvent(input.order_id, result.allocated, eventContext(input.actor_id))
    )
    return new StepResponse({ ...result, skipped: applied.skipped }, { undo: applied.undo, eventGroupId })
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    await clearGroupedEvent(container, compensation.eventGroupId, LotEvents.ALLOCATED)
    await revertLotPlan(compensation.undo, container)
  }
)
