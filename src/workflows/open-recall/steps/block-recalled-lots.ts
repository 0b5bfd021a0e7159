import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { LotStatus } from "../../../modules/lot_tracking/types"
import { withLotLock } from "../../utils/lot-lock"
import { assertNotRecalled, type RecallLotRef } from "./validate-recall-lots"

export type BlockedLot = {
  id: string
  lot_number: string
  inventory_item_id: string
  previous_status: string
  /** A recall scoped to locations: where the lot's stock was blocked (the lot's status is unchanged). */
  locations?: string[]
}

export type StockOnHand = {
  location_id: string
  location_name: string | null
  stocked_quantity: number
  reserved_quantity: number
}

export const blockRecalledLotsStepId = "block-recalled-lots"

/**
 * (a) of a recall: the lots become `recalled` at once, so allocation,
 * staff picks and fulfilment (which take active lots only) pass them over.
 * It runs under the plugin's lot lock on the lots' inventory items, the lock every
 * allocation takes, so no allocation that read the lot as active can write
 * after this, and two recalls of one lot cannot both pass. It records, per
 * lot, the status it had and the units on hand per location.
 *
 * A recall scoped to locations leaves the lots' status alone and blocks
 * their stock at those locations only (`lot_stock.recall_id`): every read of
 * "may this pair be sold" sees the pair as recalled (`effectiveStatusSql`).
 */
export const blockRecalledLotsStep = createStep(
  blockRecalledLotsStepId,
  async (input: { recall_id: string; lots: RecallLotRef[]; location_ids?: string[] | null }, { container }) => {
    const service = lotService(container)
    const scoped = !!input.location_ids?.length
    const ids = input.lots.map((l) => l.id)
    const itemIds = [...new Set(input.lots.map((l) => l.inventory_item_id))].sort()
    const blocked = await withLotLock(container, itemIds, async () => {
      const current = await service.listLots({ id: ids }, { select: ["id", "lot_number", "inventory_item_id", "status"] })
      if (current.length !== ids.length) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "A lot named for the recall was deleted while it opened")
      }
      await assertNotRecalled(container, current)
      // Read under the lock: no allocation changes these figures meanwhile.
      const onHand = await service.listLotStocks(
        scoped ? { lot_id: ids, location_id: input.location_ids! } : { lot_id: ids },
        { select: ["lot_id", "location_id", "stocked_quantity", "reserved_quantity"] }
      )
      const locationIds = [...new Set(onHand.map((s) => s.location_id))]
      const locations = locationIds.length
        ? await container.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: locationIds }, { select: ["id", "name"] })
        : []
      const locationName = new Map(locations.map((l: { id: string; name: string }) => [l.id, l.name]))
      const byId = new Map(current.map((l) => [l.id, l]))
      const rows = input.lots.map((ref) => {
        const lot = byId.get(ref.id)!
        const stockOnHand: StockOnHand[] = onHand
          .filter((s) => s.lot_id === lot.id)
          .map((s) => ({
            location_id: s.location_id,
            location_name: locationName.get(s.location_id) ?? null,
            stocked_quantity: s.stocked_quantity,
            reserved_quantity: s.reserved_quantity,
          }))
          .sort((a, b) => a.location_id.localeCompare(b.location_id))
        return {
          recall_id: input.recall_id,
          lot_id: lot.id,
          lot_number: lot.lot_number,
          inventory_item_id: lot.inventory_item_id,
          previous_status: lot.status,
          stock_on_hand: stockOnHand as unknown as Record<string, unknown>,
        }
      })
      const created = await service.createRecallLots(rows)
      let pairs: { lot_id: string; location_id: string }[] = []
      try {
        if (scoped) {
          pairs = await service.blockLotStockForRecall({ recall_id: input.recall_id, lot_ids: ids, location_ids: input.location_ids! })
        } else {
          // Conditional on the locked rows: a release or quarantine racing the recall cannot undo it.
          await service.setLotStatuses({ lot_ids: ids, to: "recalled", allowed_from: ["active", "quarantined"] })
        }
      } catch (e) {
        await service.deleteRecallLots(created.map((r) => r.id))
        throw e
      }
      return {
        pairs,
        lots: rows.map((r): BlockedLot => ({
          id: r.lot_id,
          lot_number: r.lot_number,
          inventory_item_id: r.inventory_item_id,
          previous_status: r.previous_status,
        })),
        recall_lot_ids: created.map((r) => r.id),
      }
    })
    return new StepResponse(
      blocked.lots.map((l) => ({ ...l, locations: blocked.pairs.filter((p) => p.lot_id === l.id).map((p) => p.location_id).sort() })),
      {
        recall_id: input.recall_id,
        scoped,
        recall_lot_ids: blocked.recall_lot_ids,
        previous: scoped ? [] : blocked.lots.map((l) => ({ id: l.id, status: l.previous_status as LotStatus })),
      }
    )
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const service = lotService(container)
    if (undo.scoped) {
      await service.unblockLotStockOfRecall(undo.recall_id)
    }
    await service.restoreLotStatuses(undo.previous)
    if (undo.recall_lot_ids.length) {
      await service.deleteRecallLots(undo.recall_lot_ids)
    }
  }
)
