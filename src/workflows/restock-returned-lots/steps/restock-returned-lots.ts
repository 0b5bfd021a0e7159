import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import type { ItemLocation } from "../../../modules/lot_tracking/service"
import { inventoryUnits, planReturnReceipt, type ShippedLot } from "../../../lib/return-lots"
import { planAndApplyUnderLock, revertLotPlan, type LotPlanUndo } from "../../steps/lot-plan"
import { awaitingLotFor, loadReturnFacts, loadReturnLedger, loadShippedLots, lotItemsOfLine } from "../return-receipts"

export const restockReturnedLotsStepId = "restock-returned-lots"

export type RestockReturnedLotsResult = {
  /** Operations applied: units restocked, recorded as damaged, or put to await lot confirmation. */
  restocked: number
  /** Units (inventory units) now awaiting lot confirmation because of this run. */
  awaiting: number
  undo: LotPlanUndo[]
  pairs: ItemLocation[]
}

/**
 * Received return units back to their lots (flow "return received"), per
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
    const shippedBefore = lineIds.length
      ? await service.listLotAllocations({ line_item_id: lineIds, status: "fulfilled" }, { select: ["line_item_id", "inventory_item_id"] })
      : []
    const policies = await service.resolvePolicies([
      ...facts.lines.flatMap((l) => l.items.map((i) => i.inventory_item_id)),
      ...shippedBefore.map((a) => a.inventory_item_id),
    ])
    const itemsOf = new Map(
      facts.lines.map((line) => [
        line.line_item_id,
        lotItemsOfLine(
          line,
          (itemId) => policies.get(itemId)?.tracked === true,
          new Set(shippedBefore.filter((a) => a.line_item_id === line.line_item_id).map((a) => a.inventory_item_id))
        ),
      ])
    )
    const itemIds = [...new Set([...itemsOf.values()].flat().map((i) => i.inventory_item_id))]
    let awaitingUnits = 0
    let unusedNames: string[] = []

    const result = await planAndApplyUnderLock(container, itemIds, async () => {
      awaitingUnits = 0
      unusedNames = []
      const [shipped, ledger] = await Promise.all([loadShippedLots(container, lineIds), loadReturnLedger(container, input.return_id)])
      const ops: AllocationOp[] = []
      const awaitingLots = new Map<string, string>()
      // Restocked units recorded before receipts were told apart count against the earliest receipts.
      const legacyLeft = new Map<string, number>()
      for (const receipt of facts.receipts) {
        for (const [lineId, lineUnits] of receipt.units) {
          const line = facts.lines.find((l) => l.line_item_id === lineId)
          if (!line) {
            continue
          }
          for (const { inventory_item_id: itemId, required_quantity } of itemsOf.get(lineId) ?? []) {
            const k = `${lineId}:${itemId}`
            const target = inventoryUnits(lineUnits, required_quantity)
            if (!legacyLeft.has(k)) {
              legacyLeft.set(k, ledger.legacy(lineId, itemId))
            }
            const legacy = Math.min(legacyLeft.get(k)!, Math.max(0, target.normal - ledger.placed(receipt.order_change_id, lineId, itemId, false)))
            legacyLeft.set(k, legacyLeft.get(k)! - legacy)
            const todo = {
              normal: Math.max(0, target.normal - ledger.placed(receipt.order_change_id, lineId, itemId, false) - legacy),
              damaged: Math.max(0, target.damaged - ledger.placed(receipt.order_change_id, lineId, itemId, true)),
            }
            if (!todo.normal && !todo.damaged) {
              continue
            }
            const rows: ShippedLot[] = shipped.get(k) ?? []
            const named = receipt.named.filter((n) => n.line_item_id === lineId && n.inventory_item_id === itemId)
            const plan = planReturnReceipt(todo, rows, named)
            for (const u of plan.unused_named) {
              unusedNames.push(`${u.quantity} of lot ${named.find((n) => n.lot_id === u.lot_id)?.lot_number ?? u.lot_id} for line item ${lineId}`)
            }
            const metadata = { order_change_id: receipt.order_change_id, order_id: facts.order_id }
            for (const p of plan.placements) {
              if (p.kind === "lot") {
                ops.push({
                  kind: "return_receive",
                  allocation_id: p.allocation_id,
                  quantity: p.quantity,
                  damaged: p.damaged,
                  location_id: locationId,
                  return_id: facts.id,
                  actor_id: input.actor_id ?? null,
                  metadata: { ...metadata, named: p.named },
                })
                // Later receipts in this run see these units as back.
                const row = rows.find((r) => r.allocation_id === p.allocation_id)!
                row.returned_quantity += p.quantity
              } else {
                if (!awaitingLots.has(itemId)) {
                  awaitingLots.set(itemId, (await awaitingLotFor(container, itemId)).id)
                }
                awaitingUnits += p.quantity
                ops.push({
                  kind: "return_awaiting_lot",
                  lot_id: awaitingLots.get(itemId)!,
                  order_id: facts.order_id,
                  line_item_id: lineId,
                  inventory_item_id: itemId,
                  quantity: p.quantity,
                  damaged: p.damaged,
                  location_id: locationId,
                  return_id: facts.id,
                  actor_id: input.actor_id ?? null,
                  metadata: {
                    ...metadata,
                    reason: p.reason,
                    candidate_lots: [...new Set(rows.filter((r) => r.quantity > r.returned_quantity).map((r) => r.lot_number))],
                  },
                })
              }
            }
          }
        }
      }
      return { ops }
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
      { restocked: result.ops.length, awaiting: awaitingUnits, undo: result.undo, pairs },
      result.undo
    )
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
