import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { LotImportEvents } from "../../lib/lot-import-rows"
import { applySerialChangesStep } from "../steps/apply-serial-changes"
import { ensureInventoryLevelsStep } from "../steps/ensure-inventory-levels"
import { ensureLotTrackingStep } from "../steps/ensure-lot-tracking"
import { raiseLotHoldsStep, settleLotStockStep } from "../steps/settle-lot-stock"
import { adjustLotImportLevelsStep } from "./steps/adjust-lot-import-levels"
import { applyLotImportStockStep } from "./steps/apply-lot-import-stock"
import { createLotImportLotsStep } from "./steps/create-lot-import-lots"
import { finishLotImportStep } from "./steps/finish-lot-import"
import { lotImportLevelChangesStep } from "./steps/lot-import-level-changes"
import { prepareLotImportApplyStep } from "./steps/prepare-lot-import-apply"
import { syncLotImportOrderLotsStep } from "./steps/sync-lot-import-order-lots"
import { announceHeldArrivalsStep, holdRecalledArrivalsStep } from "../steps/hold-recalled-arrivals"
import { LotEvents } from "../../lib/lot-events"

export { LOT_IMPORT_CHUNK_ROWS } from "./steps/apply-lot-import-stock"

export type ApplyLotImportInput = {
  import_id: string
  /** Rows per chunk (default LOT_IMPORT_CHUNK_ROWS). */
  chunk_rows?: number
}

export const applyLotImportWorkflowId = "apply-lot-import"

/**
 * Applies a confirmed CSV import (docs/IMPORT.md), all or nothing: the items
 * become tracked, new lots are created, lot stock and the ledger change chunk
 * by chunk in bulk statements (progress in `processed`), serials are
 * recorded, Medusa's levels follow (receive: up by the units; count: by the
 * difference; opening balance: untouched, and its items' open orders get
 * lots), blocked units are held and waiting order lines served (the
 * settle step of every stock path). Every writing step is compensated, so a
 * failure anywhere leaves lots, movements and levels as they were.
 */
export const applyLotImportWorkflow = createWorkflow(applyLotImportWorkflowId, (input: ApplyLotImportInput) => {
  const prepared = prepareLotImportApplyStep(input)
  // A count only touches lots that exist: their items are tracked already.
  ensureLotTrackingStep(transform({ prepared }, ({ prepared }) => (prepared.mode === "count" ? [] : prepared.inventory_item_ids)))
  createLotImportLotsStep(prepared)
  // Lots receiving units whose code matches a lot under an open recall of the item are quarantined
  // before the units land (a count is no arrival); the holds below then cover them (docs/RECALLS.md).
  const held = holdRecalledArrivalsStep(
    transform({ prepared }, ({ prepared }) => (prepared.mode === "count" ? {} : { import_id: prepared.import_id, actor_id: prepared.actor_id }))
  )
  const applied = applyLotImportStockStep(transform({ prepared, input }, ({ prepared, input }) => ({ ...prepared, chunk_rows: input.chunk_rows })))
  applySerialChangesStep(
    transform({ applied, prepared }, ({ applied, prepared }) => ({ ops: applied.serial_ops, inventory_item_ids: prepared.inventory_item_ids }))
  )
  const levels = lotImportLevelChangesStep(prepared)
  // Where holds may change: a level first, then units arriving in a blocked lot are held before Medusa counts them.
  ensureInventoryLevelsStep(levels.settle_pairs)
  raiseLotHoldsStep(transform({ levels }, ({ levels }) => ({ pairs: levels.settle_pairs })))
  adjustLotImportLevelsStep(levels.adjustments)
  when("sync-opening-balance-orders", prepared, (p) => p.mode === "opening_balance").then(() => {
    syncLotImportOrderLotsStep(
      transform({ prepared }, ({ prepared }) => ({ inventory_item_ids: prepared.inventory_item_ids, actor_id: prepared.actor_id }))
    )
  })
  settleLotStockStep(transform({ levels, prepared }, ({ levels, prepared }) => ({ pairs: levels.settle_pairs, actor_id: prepared.actor_id })))
  const finished = finishLotImportStep(prepared)
  emitEventStep({ eventName: LotImportEvents.COMPLETED, data: finished }).config({ name: "emit-lot-import-completed" })
  const announced = announceHeldArrivalsStep(transform({ prepared, held }, ({ prepared, held }) => ({ held, actor_id: prepared.actor_id })))
  emitEventStep({ eventName: LotEvents.STATUS_CHANGED, data: announced.events }).config({ name: "emit-lot-held-by-recall" })
  const result = transform({ finished, held }, ({ finished, held }) => ({
    ...finished,
    held_by_recall: held.map((h) => ({
      lot_id: h.lot_id,
      lot_number: h.lot_number,
      recall_id: h.recall_id,
      reference: h.recall_reference,
      matched_lot_number: h.matched_lot_number,
      matched_on: h.matched_on,
    })),
  }))
  return new WorkflowResponse(result)
})
