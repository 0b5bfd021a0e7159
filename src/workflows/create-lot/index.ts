import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  binsOfMoves,
  eventContext,
  LotEvents,
  lotRefOf,
  stockEvents,
  type LotCreatedEvent,
  type MovementLike,
} from "../../lib/lot-events"
import { lotEventRefsStep } from "../steps/lot-event-refs"
import { applyLotStockChangesWorkflow, type LotStockMove } from "../apply-lot-stock-changes"
import type { AllocationOp } from "../../modules/lot_tracking/allocation-plan"
import type { SerialRange } from "../../lib/serial-numbers"
import { ensureLotTrackingStep } from "../steps/ensure-lot-tracking"
import { resolveReceiptSerialsStep } from "../steps/resolve-receipt-serials"
import { createLotsStep } from "./steps/create-lots"
import { syncItemOrderLotsStep } from "../open-lot-balance/steps/sync-item-order-lots"
import { validateNewLotsStep } from "./steps/validate-new-lots"
import { announceHeldArrivalsStep, heldByRecallOf, holdRecalledArrivalsStep } from "../steps/hold-recalled-arrivals"

export type NewLotInput = {
  inventory_item_id: string
  lot_number?: string
  manufactured_at?: string | null
  expires_at?: string | null
  best_before?: string | null
  received_at?: string
  supplier?: string | null
  /** The supplier's own batch code: unique per item and supplier. */
  supplier_lot_code?: string | null
  origin?: string | null
  /** Cost of one unit, in the store's default currency (kept on the lot with that currency). */
  unit_cost?: number | null
  metadata?: Record<string, unknown> | null
  /** Receive units at once, at one or more locations. */
  /** Serialized items: each line's serials (`serial_numbers` or `serial_range`), else generated. */
  /** `bin`: the shelf the units go to at that location. */
  receive?: {
    location_id: string
    quantity: number
    bin?: string | null
    serial_numbers?: string[] | null
    serial_range?: SerialRange | null
  }[]
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
  const newlyTracked = ensureLotTrackingStep(itemIds)
  const created = createLotsStep(lots)
  // A code matching a lot under an open recall of the item: quarantined before its units land (docs/RECALLS.md).
  const held = holdRecalledArrivalsStep(
    transform({ input, created }, ({ input, created }) => ({ lot_ids: [created[0].id], actor_id: input.actor_id ?? null }))
  )

  const moves = transform({ input, created }, ({ input, created }): LotStockMove[] =>
    (input.lot.receive ?? []).map((r) => ({
      lot_id: created[0].id,
      inventory_item_id: created[0].inventory_item_id,
      location_id: r.location_id,
      quantity: r.quantity,
      ...(r.bin ? { bin: r.bin } : {}),
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
  const receipts = applyLotStockChangesWorkflow.runAsStep({ input: { moves, serial_ops: serialOps } })
  // The item's first lot made it tracked: orders placed before hold Medusa reservations but no lots.
  // They get lots (or shortfalls) now, as an opening balance does (docs/ONBOARDING.md).
  when("sync-orders-of-newly-tracked-item", newlyTracked, (created) => created.length > 0).then(() => {
    syncItemOrderLotsStep(
      transform({ input }, ({ input }) => ({
        inventory_item_id: input.lot.inventory_item_id,
        actor_id: input.actor_id ?? null,
        reason: "tracking_started",
      }))
    ).config({ name: "sync-orders-of-newly-tracked-item" })
  })

  // Events (emitted once the workflow succeeded): the lot, then one receipt per location.
  const refs = lotEventRefsStep(transform({ created }, ({ created }) => ({ lot_ids: [created[0].id] })))
  const events = transform({ input, created, receipts, refs, moves, held }, ({ input, created, receipts, refs, moves, held }) => {
    const context = eventContext(input.actor_id)
    const lot = created[0] as Record<string, any>
    const createdEvent: LotCreatedEvent = {
      ...lotRefOf(refs, lot.id, lot.inventory_item_id),
      ...context,
      expires_at: lot.expires_at ?? null,
      manufactured_at: lot.manufactured_at ?? null,
      supplier: lot.supplier ?? null,
      status: held.length ? "quarantined" : lot.status,
    }
    return {
      created: [createdEvent],
      received: stockEvents(receipts as MovementLike[], refs, context, { type: "received", abs: true, bins: binsOfMoves(moves) }),
    }
  })
  emitEventStep({ eventName: LotEvents.CREATED, data: events.created }).config({ name: "emit-lot-created" })
  emitEventStep({ eventName: LotEvents.RECEIVED, data: events.received }).config({ name: "emit-lot-received" })
  const announced = announceHeldArrivalsStep(transform({ input, held }, ({ input, held }) => ({ held, actor_id: input.actor_id ?? null })))
  emitEventStep({ eventName: LotEvents.STATUS_CHANGED, data: announced.events }).config({ name: "emit-lot-held-by-recall" })

  // The lot, and the serials it received (generated ones included) for the answer.
  const lot = transform({ created, serials, held }, ({ created, serials, held }) => ({
    ...created[0],
    ...(held.length ? { status: "quarantined" } : {}),
    serial_numbers: serials.lines.flatMap((l) => l.serial_numbers),
    held_by_recall: heldByRecallOf(held, created[0].id),
  }))
  return new WorkflowResponse(lot)
})
