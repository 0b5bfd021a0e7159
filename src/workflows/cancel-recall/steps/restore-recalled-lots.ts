import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { statusAfterCancel } from "../../../lib/recall"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { LotStatus } from "../../../modules/lot_tracking/types"
import { withLotLock } from "../../utils/lot-lock"
import type { CanceledRecall } from "./cancel-recall-case"

/** A lot whose status the cancel changed, or a pair whose block it lifted (status: the pair's before and after). */
export type RestoredLot = {
  lot_id: string
  lot_number: string
  inventory_item_id: string
  location_id: string | null
  from: string
  to: string
}

export const restoreRecalledLotsStepId = "restore-recalled-lots"

/**
 * Undoes what opening the recall did to the lots, under the lot lock on
 * their items (the lock every allocation takes): a whole-lot recall puts
 * each lot back to the status it had before (`recall_lot.previous_status`),
 * unless another recall that is not canceled still holds the whole lot (it
 * stays recalled); a recall scoped to locations lifts its block from the
 * lots' stock there. Compensation blocks them again.
 */
export const restoreRecalledLotsStep = createStep(
  restoreRecalledLotsStepId,
  async (recall: CanceledRecall, { container }) => {
    const service = lotService(container)
    const itemIds = [...new Set(recall.lots.map((l) => l.inventory_item_id))].sort()
    const byLot = new Map(recall.lots.map((l) => [l.lot_id, l]))
    const restored = await withLotLock(container, itemIds, async () => {
      if (recall.scope?.location_ids?.length) {
        const pairs = await service.unblockLotStockOfRecall(recall.id)
        // Each pair is what its lot is now (the scoped recall never changed the lot's own status).
        const now = pairs.length ? await service.listLots({ id: [...new Set(pairs.map((p) => p.lot_id))] }, { select: ["id", "status"] }) : []
        const statusNow = new Map(now.map((l) => [l.id, l.status as string]))
        return {
          changed: pairs.map((p): RestoredLot => {
            const lot = byLot.get(p.lot_id)!
            const to = statusNow.get(p.lot_id) ?? lot.previous_status
            return { ...p, lot_number: lot.lot_number, inventory_item_id: lot.inventory_item_id, from: "recalled", to }
          }),
          pairs,
          statuses: [] as { id: string; status: LotStatus }[],
        }
      }
      // Other recalls (not canceled) that hold any of these lots whole keep them recalled.
      const others = await service.listRecallLots({ lot_id: recall.lots.map((l) => l.lot_id) }, { relations: ["recall"] })
      const heldElsewhere = new Set(
        others
          .filter((o: any) => o.recall && o.recall.id !== recall.id && o.recall.status !== "canceled" && !o.recall.scope?.location_ids?.length)
          .map((o: any) => o.lot_id as string)
      )
      const lots = await service.listLots({ id: recall.lots.map((l) => l.lot_id) }, { select: ["id", "status"] })
      const changed: RestoredLot[] = []
      const byTarget = new Map<LotStatus, string[]>()
      for (const lot of lots) {
        const ref = byLot.get(lot.id)!
        const to = statusAfterCancel(ref.previous_status, heldElsewhere.has(lot.id))
        // Only a lot still recalled is ours to change (a closed recall's lots are never released elsewhere).
        if (lot.status !== "recalled" || to === "recalled") {
          continue
        }
        byTarget.set(to, [...(byTarget.get(to) ?? []), lot.id])
        changed.push({ lot_id: lot.id, lot_number: ref.lot_number, inventory_item_id: ref.inventory_item_id, location_id: null, from: "recalled", to })
      }
      const statuses: { id: string; status: LotStatus }[] = []
      try {
        for (const [to, ids] of byTarget) {
          // Conditional on the locked rows, as every status change is.
          await service.setLotStatuses({ lot_ids: ids, to, allowed_from: ["recalled"] })
          statuses.push(...ids.map((id) => ({ id, status: "recalled" as LotStatus })))
        }
      } catch (e) {
        await service.restoreLotStatuses(statuses)
        throw e
      }
      return { changed, pairs: [] as { lot_id: string; location_id: string }[], statuses }
    })
    return new StepResponse(restored.changed, { recall_id: recall.id, pairs: restored.pairs, statuses: restored.statuses, item_ids: itemIds })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const service = lotService(container)
    await withLotLock(container, undo.item_ids, async () => {
      await service.restoreLotStatuses(undo.statuses)
      await service.reblockLotStock(undo.recall_id, undo.pairs)
    })
  }
)
