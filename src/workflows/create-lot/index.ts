import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyLotStockChangesWorkflow, type LotStockMove } from "../apply-lot-stock-changes"
import type { AllocationOp } from "../../modules/lot_tracking/allocation-plan"
import type { SerialRange } from "../../lib/serial-numbers"
import { ensureLotTrackingStep } from "../steps/ensure-lot-tracking"
import { resolveReceiptSerialsStep } from "../steps/resolve-receipt-serials"
import { createLotsStep } from "./steps/create-lots"
import { validateNewLotsStep } from "./steps/validate-new-lots"

export type NewLotInput = {
  inventory_item_id: string
  lot_number?: string
  manufactured_at?: string | null
  expires_at?: string | null
  best_before?: string | null
  received_at?: string
  supplier?: string | null
  origin?: string | null
  metadata?: Record<string, unknown> | null
  /** Receive units at once, at one or more locations. */
  /** Serialized items: each line's serials (`serial_numbers` or `serial_range`), else generated. */
  receive?: { location_id: string; quantity: number; serial_numbers?: string[] | null; serial_range?: SerialRange | null }[]
  note?: string | null
  allow_expired?: boolean
}

export type CreateLotWorkflowInput = { lot: NewLotInput; actor_id?: string | null }

export const createLotWorkflowId = "create-lot"

/** Receive: a new lot, optionally received at several locations at once. */
export const createLotWorkflow = createWorkflow(createLotWorkflowId, (input: CreateLotWorkflowInput) => {
  const lots = transform({ input }, ({ input }) => [input.lot])
  validateNewLotsStep(lots)
  const serials = resolveReceiptSerialsStep(
    transform({ input }, ({ input }) => ({ inventory_item_id: input.lot.inventory_item_id, lines: input.lot.receive ?? [] }))
  )
  const itemIds = transform({ input }, ({ input }) => [input.lot.inventory_item_id])
  ensureLotTrackingStep(itemIds)
  const created = createLotsStep(lots)

  const moves = transform({ input, created }, ({ input, created }): LotStockMove[] =>
    (input.lot.receive ?? []).map((r) => ({
      lot_id: created[0].id,
      inventory_item_id: created[0].inventory_item_id,
      location_id: r.location_id,
      quantity: r.quantity,
      type: "received",
      note: input.lot.note ?? null,
      actor_id: input.actor_id ?? null,
      metadata: input.lot.allow_expired ? { allow_expired: true } : null,
    }))
  )
  const serialOps = transform({ input, created, serials }, ({ input, created, serials }): AllocationOp[] =>
    serials.lines.map((line) => ({
      kind: "serial_receive" as const,
      lot_id: created[0].id,
      inventory_item_id: created[0].inventory_item_id,
      location_id: line.location_id,
      serial_numbers: line.serial_numbers,
      scope: serials.scope,
      reference_type: "lot",
      reference_id: created[0].id,
      actor_id: input.actor_id ?? null,
    }))
  )
  applyLotStockChangesWorkflow.runAsStep({ input: { moves, serial_ops: serialOps } })

  // The lot, and the serials it received (generated ones included) for the answer.
  const lot = transform({ created, serials }, ({ created, serials }) => ({
    ...created[0],
    serial_numbers: serials.lines.flatMap((l) => l.serial_numbers),
  }))
  return new WorkflowResponse(lot)
})
