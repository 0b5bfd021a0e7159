import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { binsOfMoves, eventContext, LotEvents, putAwayEvents, stockEvents, type MovementLike } from "../../lib/lot-events"
import { lotEventRefsStep } from "../steps/lot-event-refs"
import { applyLotStockChangesWorkflow, type LotStockMove } from "../apply-lot-stock-changes"
import type { AllocationOp } from "../../modules/lot_tracking/allocation-plan"
import type { SerialRange } from "../../lib/serial-numbers"
import { resolveReceiptSerialsStep } from "../steps/resolve-receipt-serials"
import { validateReceiptStep } from "./steps/validate-receipt"
import { announceHeldArrivalsStep, heldByRecallOf, holdRecalledArrivalsStep } from "../steps/hold-recalled-arrivals"

export type ReceiveLotStockInput = {
  lot_id: string
  location_id: string
  quantity: number
  /** The shelf the units go to at the location (the lot's units there move with them). */
  bin?: string | null
  note?: string | null
  allow_expired?: boolean
  /** Serialized items: the units' serials, else generated from the pattern. */
  serial_numbers?: string[] | null
  serial_range?: SerialRange | null
  actor_id?: string | null
}

export const receiveLotStockWorkflowId = "receive-lot-stock"

/** Receive more of an existing lot: lot stock and Medusa's inventory level go up together. */
export const receiveLotStockWorkflow = createWorkflow(receiveLotStockWorkflowId, (input: ReceiveLotStockInput) => {
  const lot = validateReceiptStep(input)
  // A delivery of a code matching a lot under an open recall of the item: the lot is quarantined before
  // the units land (docs/RECALLS.md), unless staff released it since that recall opened.
  const held = holdRecalledArrivalsStep(
    transform({ input, lot }, ({ input, lot }) => ({ lot_ids: [lot.id], actor_id: input.actor_id ?? null }))
  )
  const moves = transform({ input, lot }, ({ input, lot }): LotStockMove[] => [
    {
      lot_id: lot.id,
      inventory_item_id: lot.inventory_item_id,
      location_id: input.location_id,
      quantity: input.quantity,
      ...(input.bin ? { bin: input.bin } : {}),
      type: "received",
      note: input.note ?? null,
      actor_id: input.actor_id ?? null,
      metadata: input.allow_expired ? { allow_expired: true } : null,
    },
  ])
  const serials = resolveReceiptSerialsStep(
    transform({ input, lot }, ({ input, lot }) => ({ inventory_item_id: lot.inventory_item_id, lines: [input] }))
  )
  const serialOps = transform({ input, lot, serials }, ({ input, lot, serials }): AllocationOp[] =>
    serials.lines.map((line) => ({
      kind: "serial_receive" as const,
      lot_id: lot.id,
      inventory_item_id: lot.inventory_item_id,
      location_id: line.location_id,
      serial_numbers: line.serial_numbers,
      scope: serials.scope,
      reference_type: "lot",
      reference_id: lot.id,
      actor_id: input.actor_id ?? null,
    }))
  )
  const movements = applyLotStockChangesWorkflow.runAsStep({ input: { moves, serial_ops: serialOps } })
  // Events (emitted once the workflow succeeded): the receipt, and a put-away when units on a shelf moved bin.
  const refs = lotEventRefsStep(transform({ lot }, ({ lot }) => ({ lot_ids: [lot.id] })))
  const events = transform({ input, movements, refs, moves }, ({ input, movements, refs, moves }) => {
    const context = eventContext(input.actor_id)
    return {
      received: stockEvents(movements as MovementLike[], refs, context, { type: "received", abs: true, bins: binsOfMoves(moves) }),
      put_away: putAwayEvents(movements as MovementLike[], refs, context),
    }
  })
  emitEventStep({ eventName: LotEvents.RECEIVED, data: events.received }).config({ name: "emit-lot-received" })
  emitEventStep({ eventName: LotEvents.PUT_AWAY, data: events.put_away }).config({ name: "emit-lot-put-away" })
  const announced = announceHeldArrivalsStep(transform({ input, held }, ({ input, held }) => ({ held, actor_id: input.actor_id ?? null })))
  emitEventStep({ eventName: LotEvents.STATUS_CHANGED, data: announced.events }).config({ name: "emit-lot-held-by-recall" })
  const result = transform({ movements, serials, held, lot }, ({ movements, serials, held, lot }) => ({
    movements,
    serial_numbers: serials.lines.flatMap((l) => l.serial_numbers),
    held_by_recall: heldByRecallOf(held, lot.id),
  }))
  return new WorkflowResponse(result)
})
