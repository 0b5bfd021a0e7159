import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { ItemLocation } from "../../../modules/lot_tracking/service"
import type { AllocationOp } from "../../../lib/allocation-ops"
import { lotItemsOfLine, namedBySerialShipment, planReturnRestock } from "../../../lib/return-restock"
import { planAndApplyUnderLock, revertLotPlan, type LotPlanUndo } from "../../utils/lot-plan"
import { loadReturnFacts, loadReturnLedger, loadShippedLots, returnLotItems } from "../../../read-models/return-receipts"
import { awaitingLotFor } from "../../utils/awaiting-lot"

export const restockReturnedLotsStepId = "restock-returned-lots"

export type RestockReturnedLotsResult = {
  /** Operations applied: units restocked, recorded as damaged, or put to await lot confirmation. */
  restocked: number
  /** Units (inventory units) now awaiting lot confirmation because of this run. */
  awaiting: number
  undo: LotPlanUndo[]
  pairs: ItemLocation[]
  /** The operations applied (for the `lot.returned` event). */
  ops?: AllocationOp[]
}

/**
 * Received return units back to their lots (flow "return received",
 * `planReturnRestock` in `src/lib/return-restock.ts`), per
 * receipt (Medusa's `return_receive` order change) and per inventory item
 * of the line: line units x `required_quantity` (kits), as Medusa restocks.
 * Restocked units go to the lots staff named for the receipt, else to the
 * lots the line shipped from in the order they shipped, unless that is
 * ambiguous with a quarantined or recalled lot: then they await lot
 * confirmation in the item's quarantined awaiting lot. Damaged units are not
 * restocked (Medusa does not restock them) and are recorded on their lot as
 * `return_damaged`, so they count as returned. A recalled lot stays
 * recalled, so units returned into it stay blocked. Each movement names its
 * receipt, so the same event twice, or a return received in two goes,
 * places each unit once. Reads and decides inside the item lock.
 */
export const restockReturnedLotsStep = createStep(
  restockReturnedLotsStepId,
  async (input: { return_id: string; actor_id?: string | null }, { container }) => {
    const empty: RestockReturnedLotsResult = { restocked: 0, awaiting: 0, undo: [], pairs: [] }
    const facts = await loadReturnFacts(container, input.return_id)
    if (!facts?.location_id || !facts.receipts.length) {
      return new StepResponse(empty, [] as LotPlanUndo[])
    }
    const locationId = facts.location_id
    const service = lotService(container)
    const lineIds = facts.lines.map((l) => l.line_item_id)
    const { tracked, shippedItems } = await returnLotItems(container, facts)
    const itemsOf = new Map(
      facts.lines.map((line) => [line.line_item_id, lotItemsOfLine(line, tracked, shippedItems.get(line.line_item_id) ?? new Set())])
    )
    const itemIds = [...new Set([...itemsOf.values()].flat().map((i) => i.inventory_item_id))]
    const policies = await service.resolvePolicies(itemIds)
    const serialized = (itemId: string) => !!policies.get(itemId)?.serialized
    let awaitingUnits = 0
    let unusedNames: string[] = []

    const result = await planAndApplyUnderLock(container, itemIds, async () => {
      const [shipped, ledger] = await Promise.all([loadShippedLots(container, lineIds), loadReturnLedger(container, input.return_id)])
      // Named serials come back to the shipment they left on (read under the lock).
      const names = facts.receipts.flatMap((r) => r.named.flatMap((n) => n.serial_numbers ?? []))
      const serials = names.length ? await service.findSerialsByNumber(names) : []
      const byKey = new Map(serials.map((s) => [`${s.inventory_item_id}|${s.serial_number}`, s]))
      const shipmentOf = (itemId: string, serial: string) => byKey.get(`${itemId}|${serial}`)
      const receipts = facts.receipts.map((r) => ({ ...r, named: namedBySerialShipment(r.named, shipmentOf) }))
      const awaitingLots = new Map<string, string>()
      for (;;) {
        const plan = planReturnRestock({
          return_id: facts.id,
          order_id: facts.order_id,
          location_id: locationId,
          actor_id: input.actor_id ?? null,
          receipts,
          items_of: itemsOf,
          serialized,
          shipped,
          ledger,
          awaiting_lots: awaitingLots,
        })
        if ("needs_awaiting_lot" in plan) {
          awaitingLots.set(plan.needs_awaiting_lot, (await awaitingLotFor(container, plan.needs_awaiting_lot)).id)
          continue
        }
        awaitingUnits = plan.awaiting_units
        unusedNames = plan.unused_named
        return { ops: plan.ops }
      }
    })
    if (unusedNames.length) {
      // Names checked when given, but the receipt changed since (fewer units) or the lot's units came back another way.
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`lot-tracking: return ${facts.id}: named lots not used (the default rule placed those units): ${unusedNames.join("; ")}`)
    }
    // Where units came back: the settle step holds them if their lot is blocked, or gives them to waiting lines.
    const pairs = result.ops.length ? itemIds.map((inventory_item_id) => ({ inventory_item_id, location_id: locationId })) : []
    return new StepResponse<RestockReturnedLotsResult, LotPlanUndo[]>(
      { restocked: result.ops.length, awaiting: awaitingUnits, undo: result.undo, pairs, ops: result.ops },
      result.undo
    )
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
