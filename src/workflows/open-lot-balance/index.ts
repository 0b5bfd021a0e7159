import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  eventContext,
  LotEvents,
  lotRefOf,
  putAwayEvents,
  stockEvents,
  type LotCreatedEvent,
  type MovementLike,
} from "../../lib/lot-events"
import { lotEventRefsStep } from "../steps/lot-event-refs"
import type { OpeningBalanceLine } from "../../lib/opening-balance"
import { movementsWithPutAways, type LotStockMove } from "../apply-lot-stock-changes"
import { createLotsStep } from "../create-lot/steps/create-lots"
import type { NewLotInput } from "../create-lot"
import { ensureLotTrackingStep } from "../steps/ensure-lot-tracking"
import { recordLotMovementsStep } from "../steps/record-lot-movements"
import { settleLotStockStep } from "../steps/settle-lot-stock"
import { assignOpeningBalanceStep } from "./steps/assign-opening-balance"
import { syncItemOrderLotsStep } from "./steps/sync-item-order-lots"
import { validateOpeningBalanceStep } from "./steps/validate-opening-balance"
import { announceHeldArrivalsStep, holdRecalledArrivalsStep, type HeldByRecall } from "../steps/hold-recalled-arrivals"

export type OpenLotBalanceInput = {
  inventory_item_id: string
  location_id: string
  lots: OpeningBalanceLine[]
  note?: string | null
  allow_expired?: boolean
  actor_id?: string | null
  /** What the ledger lines refer to (an import, a request); none by default. */
  reference_type?: string | null
  reference_id?: string | null
}

export type OpenLotBalanceResult = {
  inventory_item_id: string
  location_id: string
  /** The lots of the lines, in the lines' order. */
  lot_ids: string[]
  /** Open orders of the item that got lots (or shortfalls) now that it is tracked. */
  orders: { orders: number; reserved_units: number; released_units: number; shortfall_units: number }
  /** Lots quarantined on arrival: their code matches a lot under an open recall (docs/RECALLS.md). */
  held_by_recall: (HeldByRecall & { lot_id: string })[]
}

export const openLotBalanceWorkflowId = "open-lot-balance"

/**
 * Opening balance: units Medusa already counts at a location go into lots
 * (existing ones by number, or new ones, numbered from the pattern when no
 * number is given) without moving Medusa's level: the one path where lot
 * stock rises alone, and only up to the unassigned units (checked under the
 * item's lot lock). The item becomes tracked; its open orders (placed while
 * it was not) get lots or shortfalls; the pair is settled (waiting lines,
 * holds of blocked lots). Every writing step is compensated: a failure
 * half-way leaves nothing.
 */
export const openLotBalanceWorkflow = createWorkflow(openLotBalanceWorkflowId, (input: OpenLotBalanceInput) => {
  const plan = validateOpeningBalanceStep(input)
  ensureLotTrackingStep(transform({ input }, ({ input }) => [input.inventory_item_id]))

  const newLots = transform({ input, plan }, ({ input, plan }): NewLotInput[] =>
    input.lots
      .filter((_, i) => !plan.existing[i])
      .map((l) => ({
        inventory_item_id: input.inventory_item_id,
        lot_number: l.lot_number ?? undefined,
        supplier_lot_code: l.supplier_lot_code ?? null,
        supplier: l.supplier ?? null,
        manufactured_at: l.manufactured_at ?? null,
        expires_at: l.expires_at ?? null,
        best_before: l.best_before ?? null,
        metadata: { lot_tracking: "opening_balance" },
      }))
  )
  const created = createLotsStep(newLots)

  const lotIds = transform({ plan, created }, ({ plan, created }) => {
    let next = 0
    return plan.existing.map((lot) => (lot ? lot.id : created[next++].id))
  })
  // Lots whose code matches a lot under an open recall of the item are quarantined before the units
  // go in; the settle step below then holds them (docs/RECALLS.md).
  const held = holdRecalledArrivalsStep(transform({ input, lotIds }, ({ input, lotIds }) => ({ lot_ids: lotIds, actor_id: input.actor_id ?? null })))
  const rows = assignOpeningBalanceStep(
    transform({ input, lotIds }, ({ input, lotIds }) => ({
      inventory_item_id: input.inventory_item_id,
      location_id: input.location_id,
      lines: input.lots.map((l, i) => ({ lot_id: lotIds[i], quantity: l.quantity, bin: l.bin ?? null })),
    }))
  )
  const movements = recordLotMovementsStep(
    transform({ input, lotIds, rows }, ({ input, lotIds, rows }) => {
      const moves: LotStockMove[] = input.lots.map((l, i) => ({
        lot_id: lotIds[i],
        inventory_item_id: input.inventory_item_id,
        location_id: input.location_id,
        quantity: l.quantity,
        type: "opening_balance",
        note: input.note ?? null,
        reference_type: input.reference_type ?? null,
        reference_id: input.reference_id ?? null,
        actor_id: input.actor_id ?? null,
        metadata: input.allow_expired ? { allow_expired: true } : null,
        ...(l.bin ? { bin: l.bin } : {}),
      }))
      return movementsWithPutAways(moves, rows)
    })
  )
  const orders = syncItemOrderLotsStep(
    transform({ input }, ({ input }) => ({ inventory_item_id: input.inventory_item_id, actor_id: input.actor_id ?? null }))
  )
  // Waiting lines take newly sellable units; the hold covers blocked ones (an expired lot let in).
  settleLotStockStep(
    transform({ input }, ({ input }) => ({
      pairs: [{ inventory_item_id: input.inventory_item_id, location_id: input.location_id }],
      actor_id: input.actor_id ?? null,
    }))
  )
  const result = transform({ input, lotIds, orders, held }, ({ input, lotIds, orders, held }): OpenLotBalanceResult => ({
    inventory_item_id: input.inventory_item_id,
    location_id: input.location_id,
    lot_ids: lotIds,
    orders,
    held_by_recall: held.map((h) => ({
      lot_id: h.lot_id,
      recall_id: h.recall_id,
      reference: h.recall_reference,
      matched_lot_number: h.matched_lot_number,
      matched_on: h.matched_on,
    })),
  }))
  // Events (emitted once the workflow succeeded): new lots, one opening balance per line, bin changes.
  const refs = lotEventRefsStep(transform({ lotIds }, ({ lotIds }) => ({ lot_ids: lotIds })))
  const events = transform({ input, created, lotIds, movements, refs, held }, ({ input, created, lotIds, movements, refs, held }) => {
    const context = eventContext(input.actor_id)
    const bins: Record<string, string | null> = {}
    input.lots.forEach((l, i) => {
      if (l.bin !== undefined) {
        bins[`${lotIds[i]}:${input.location_id}`] = l.bin ?? null
      }
    })
    return {
      created: created.map((lot: Record<string, any>): LotCreatedEvent => ({
        ...lotRefOf(refs, lot.id, lot.inventory_item_id),
        ...context,
        expires_at: lot.expires_at ?? null,
        manufactured_at: lot.manufactured_at ?? null,
        supplier: lot.supplier ?? null,
        status: held.some((h) => h.lot_id === lot.id) ? "quarantined" : lot.status,
      })),
      opening: stockEvents(movements as MovementLike[], refs, context, { type: "opening_balance", bins }),
      put_away: putAwayEvents(movements as MovementLike[], refs, context),
    }
  })
  emitEventStep({ eventName: LotEvents.CREATED, data: events.created }).config({ name: "emit-lot-created" })
  emitEventStep({ eventName: LotEvents.OPENING_BALANCE, data: events.opening }).config({ name: "emit-lot-opening-balance" })
  emitEventStep({ eventName: LotEvents.PUT_AWAY, data: events.put_away }).config({ name: "emit-lot-put-away" })
  const announced = announceHeldArrivalsStep(transform({ input, held }, ({ input, held }) => ({ held, actor_id: input.actor_id ?? null })))
  emitEventStep({ eventName: LotEvents.STATUS_CHANGED, data: announced.events }).config({ name: "emit-lot-held-by-recall" })
  return new WorkflowResponse(result)
})
