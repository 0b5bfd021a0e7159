import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { noReallocation, planRecallReallocation, reallocationPairs, type Reallocation } from "../../../lib/recall-reallocation"
import { firstFew } from "../../../lib/serial-numbers"
import { serialRecallReleases, withoutBlocked } from "../../../lib/serial-recall"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { ItemLocation } from "../../../modules/lot_tracking/service"
import { planAndApplyUnderLock, revertLotPlan, type LotPlanUndo } from "../../utils/lot-plan"
import type { RecallSerialRef } from "./validate-recall-serials"

export const blockRecalledSerialsStepId = "block-recalled-serials"

type Compensation = { undo: LotPlanUndo[]; recall_serial_ids: string[] }

/**
 * (a) and (b) of a recall by serial, as one plan under the items' lock: the
 * units are blocked (in stock: held, never reserved or shipped; with the
 * customer: blocked when they come back), and where a lot's free units no
 * longer cover its blocked units, the latest reservations give units back
 * and their lines are reserved on other eligible lots (a shortfall where
 * none can cover). The units are listed on the recall with the status they
 * had.
 */
export const blockRecalledSerialsStep = createStep(
  blockRecalledSerialsStepId,
  async (input: { recall_id: string; reference: string; reason: string; serials: RecallSerialRef[]; actor_id?: string | null }, { container }) => {
    const service = lotService(container)
    const itemIds = [...new Set(input.serials.map((s) => s.inventory_item_id))].sort()
    let report: Reallocation = noReallocation()
    let pairs: ItemLocation[] = []
    const result = await planAndApplyUnderLock(container, itemIds, async () => {
      const current = await service.listLotSerials(
        { id: input.serials.map((s) => s.id) },
        { select: ["id", "serial_number", "inventory_item_id", "lot_id", "location_id", "status", "blocked"] }
      )
      const taken = current.filter((s) => s.blocked)
      if (taken.length) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Serials ${firstFew(taken.map((s) => s.serial_number))} were recalled meanwhile`)
      }
      const onHand = current.filter((s) => (s.status === "in_stock" || s.status === "reserved") && s.location_id)
      const blocked = new Map<string, number>()
      const pairMap = new Map<string, ItemLocation>()
      for (const s of onHand) {
        const key = `${s.lot_id}:${s.location_id}`
        blocked.set(key, (blocked.get(key) ?? 0) + 1)
        pairMap.set(`${s.inventory_item_id}:${s.location_id}`, { inventory_item_id: s.inventory_item_id, location_id: s.location_id! })
      }
      pairs = [...pairMap.values()]
      const block = {
        kind: "serial_block" as const,
        serial_ids: current.map((s) => s.id),
        recall_id: input.recall_id,
        reason: input.reason,
        actor_id: input.actor_id ?? null,
      }
      report = noReallocation()
      if (!pairs.length) {
        return { ops: [block] }
      }
      const lotIds = [...new Set(onHand.map((s) => s.lot_id))]
      const [candidates, reservations] = await Promise.all([
        service.listCandidateLotsFor(pairs),
        service.listLotAllocations({ lot_id: lotIds, status: "reserved" }, { order: { created_at: "ASC", id: "ASC" } }),
      ])
      const releases = serialRecallReleases({
        blocked,
        candidates,
        reservations: reservations.map((r) => ({ ...r, lot_id: r.lot_id as string })),
      })
      if (!releases.length) {
        return { ops: [block], holds: pairs }
      }
      const moved = reallocationPairs(releases)
      const [today, policies, shortfalls] = await Promise.all([
        service.today(),
        service.resolvePolicies(moved.map((p) => p.inventory_item_id)),
        service.listLotShortfalls({
          line_item_id: [...new Set(releases.map((r) => r.line_item_id))],
          inventory_item_id: [...new Set(releases.map((r) => r.inventory_item_id))],
        }),
      ])
      const planned = planRecallReallocation({
        reserved: releases,
        reason: `serials recalled (${input.reference})`,
        actor_id: input.actor_id ?? null,
        policies,
        today,
        candidates: withoutBlocked(candidates, blocked),
        shortfalls,
      })
      report = planned.reallocation
      return { ops: [block, ...planned.ops], holds: pairs }
    })
    let created: { id: string }[] = []
    try {
      created = await service.createRecallSerials(
        input.serials.map((s) => ({
          recall_id: input.recall_id,
          serial_id: s.id,
          serial_number: s.serial_number,
          inventory_item_id: s.inventory_item_id,
          lot_id: s.lot_id,
          lot_number: s.lot_number,
          status_at_open: s.status,
        }))
      )
    } catch (e) {
      await revertLotPlan(result.undo, container)
      throw e
    }
    return new StepResponse<{ reallocation: Reallocation; pairs: ItemLocation[] }, Compensation>(
      { reallocation: report, pairs },
      { undo: result.undo, recall_serial_ids: created.map((c) => c.id) }
    )
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    if (compensation.recall_serial_ids.length) {
      await lotService(container).deleteRecallSerials(compensation.recall_serial_ids)
    }
    await revertLotPlan(compensation.undo, container)
  }
)
