import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyLotStockChangesWorkflow, type LotStockMove } from "../apply-lot-stock-changes"
import { ensureLotTrackingStep } from "../steps/ensure-lot-tracking"
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
  receive?: { location_id: string; quantity: number }[]
  note?: string | null
  allow_expired?: boolean
}

export type CreateLotWorkflowInput = { lot: NewLotInput; actor_id?: string | null }

export const createLotWorkflowId = "create-lot"

/** Receive: a new lot, optionally received at several locations at once. */
export const createLotWorkflow = createWorkflow(createLotWorkflowId, (input: CreateLotWorkflowInput) => {
  const lots = transform({ input }, ({ input }) => [input.lot])
  validateNewLotsStep(lots)
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
  applyLotStockChangesWorkflow.runAsStep({ input: { moves } })

  const lot = transform({ created }, ({ created }) => created[0])
  return new WorkflowResponse(lot)
})
