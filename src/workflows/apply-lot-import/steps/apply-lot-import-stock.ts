import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { importUnassigned } from "../../../read-models/lot-import-facts"
import { withLotLock } from "../../utils/lot-lock"
import type { PreparedLotImport } from "./prepare-lot-import-apply"

/** Rows applied per transaction: large enough for bulk statements, small enough that progress moves. */
export const LOT_IMPORT_CHUNK_ROWS = 5000

export const applyLotImportStockStepId = "apply-lot-import-stock"

/**
 * Lot stock and the ledger, chunk by chunk (three statements per chunk in
 * its own transaction: `service.applyLotImportChunk`), under the plugin's
 * lot lock on every item of the import, so no allocation or count
 * interleaves. `processed` is written after each chunk, outside the chunks'
 * transactions, so the admin sees it move. An opening balance checks the
 * unassigned units again first, under the lock. If a chunk fails, what the
 * earlier chunks did is undone from the import's ledger lines before the
 * error goes up; the compensation does the same when a later step fails.
 * Returns the serial operations of serialized rows for the next step.
 */
export const applyLotImportStockStep = createStep(
  applyLotImportStockStepId,
  async (input: PreparedLotImport & { chunk_rows?: number }, { container }) => {
    const service = lotService(container)
    const chunk = Math.max(1, input.chunk_rows ?? LOT_IMPORT_CHUNK_ROWS)
    const serialOps: AllocationOp[] = []
    await withLotLock(container, input.inventory_item_ids, async () => {
      if (input.mode === "opening_balance") {
        const unassigned = await importUnassigned(container, input.pairs)
        const over = input.pairs.find((p) => p.units > Math.max(0, unassigned.get(`${p.inventory_item_id}:${p.location_id}`) ?? 0))
        if (over) {
          const left = Math.max(0, unassigned.get(`${over.inventory_item_id}:${over.location_id}`) ?? 0)
          throw new MedusaError(
            MedusaError.Types.NOT_ALLOWED,
            `Inventory item ${over.inventory_item_id} at location ${over.location_id}: the file puts ${over.units} units into lots but only ${left} are not in any lot now (stock changed since the preview); nothing was changed, upload the file again`
          )
        }
      }
      let processed = 0
      let after = 0
      try {
        for (;;) {
          const rows = await service.readLotImportRows({ import_id: input.import_id, after_row: after, limit: chunk })
          if (!rows.length) {
            break
          }
          await service.applyLotImportChunk({ import_id: input.import_id, mode: input.mode, actor_id: input.actor_id, rows })
          for (const r of rows) {
            if (r.serial_numbers?.length) {
              serialOps.push({
                kind: "serial_receive",
                lot_id: r.lot_id!,
                inventory_item_id: r.inventory_item_id,
                location_id: r.location_id,
                serial_numbers: r.serial_numbers,
                scope: "item",
                reference_type: "lot_import",
                reference_id: input.import_id,
                actor_id: input.actor_id,
              } as AllocationOp)
            }
          }
          processed += rows.length
          after = rows[rows.length - 1].row
          await service.setLotImportProgress(input.import_id, processed)
        }
      } catch (e) {
        // This step failed: its compensation does not run, so it undoes its own chunks.
        await service.revertLotImportStock(input.import_id)
        throw e
      }
    })
    if (serialOps.length) {
      const policies = await service.resolvePolicies(serialOps.map((op) => (op as { inventory_item_id: string }).inventory_item_id))
      for (const op of serialOps as { inventory_item_id: string; scope: "item" | "global" }[]) {
        op.scope = policies.get(op.inventory_item_id)?.serial_scope ?? "item"
      }
    }
    return new StepResponse({ serial_ops: serialOps }, input.import_id)
  },
  async (importId, { container }) => {
    if (importId) {
      await lotService(container).revertLotImportStock(importId)
    }
  }
)
