import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import type { ItemLocation } from "../../../modules/lot_tracking/service"
import { assignNamedReturnLots, inventoryUnits, isAwaitingLot, type ReturnUnits } from "../../../lib/return-lots"
import { planAndApplyUnderLock, revertLotPlan, type LotPlanUndo } from "../../steps/lot-plan"
import {
  loadReturnFacts,
  loadReturnLedger,
  loadShippedLots,
  lotItemsOfLine,
  NAMED_RETURN_LOTS_KEY,
  type ReturnFacts,
  type StoredNamedLot,
} from "../../restock-returned-lots/return-receipts"

type Resolver = { resolve: (key: string) => any }

export type AssignReturnLotsInput = {
  return_id: string
  lots: { line_item_id: string; lot_id: string; quantity: number; damaged?: boolean }[]
  actor_id?: string | null
}

export type AssignReturnLotsResult = {
  /** `named`: kept for the receipt in progress; `confirmed`: units awaiting their lot moved to it. */
  mode: "named" | "confirmed"
  pairs: ItemLocation[]
}

type Compensation =
  | { mode: "named"; order_change_id: string; metadata: Record<string, unknown> | null }
  | { mode: "confirmed"; undo: LotPlanUndo[] }

const invalid = (problems: string[]) => new MedusaError(MedusaError.Types.INVALID_DATA, problems.join("; "))

/**
 * Checks what every entry names: the line is in the return, the lot exists
 * and is one of the line's inventory items (a kit has several), and it is
 * not the awaiting lot. Returns the entries with their item and lot number,
 * grouped per (line, item).
 */
async function resolveEntries(container: Resolver, facts: ReturnFacts, input: AssignReturnLotsInput) {
  const service = lotService(container)
  const lotIds = [...new Set(input.lots.map((l) => l.lot_id))]
  const lots = await service.listLots({ id: lotIds }, { select: ["id", "lot_number", "inventory_item_id", "metadata"] })
  const lotById = new Map(lots.map((l) => [l.id, l]))
  const lineIds = facts.lines.map((l) => l.line_item_id)
  const shippedItems = lineIds.length
    ? await service.listLotAllocations({ line_item_id: lineIds, status: "fulfilled" }, { select: ["line_item_id", "inventory_item_id"] })
    : []
  const policies = await service.resolvePolicies([
    ...facts.lines.flatMap((l) => l.items.map((i) => i.inventory_item_id)),
    ...shippedItems.map((a) => a.inventory_item_id),
  ])
  const problems: string[] = []
  const groups = new Map<string, { line_item_id: string; inventory_item_id: string; required_quantity: number; entries: StoredNamedLot[] }>()
  for (const e of input.lots) {
    const line = facts.lines.find((l) => l.line_item_id === e.line_item_id)
    if (!line) {
      problems.push(`Line item ${e.line_item_id} is not in return ${facts.id}`)
      continue
    }
    const lot = lotById.get(e.lot_id)
    if (!lot) {
      problems.push(`Lot ${e.lot_id} was not found`)
      continue
    }
    if (isAwaitingLot(lot)) {
      problems.push(`Lot ${lot.lot_number} holds returned units awaiting their lot; name the lot they shipped from`)
      continue
    }
    const items = lotItemsOfLine(
      line,
      (itemId) => policies.get(itemId)?.tracked === true,
      new Set(shippedItems.filter((a) => a.line_item_id === line.line_item_id).map((a) => a.inventory_item_id))
    )
    const item = items.find((i) => i.inventory_item_id === lot.inventory_item_id)
    if (!item) {
      const what = line.items.length > 1 ? "none of the inventory items" : "not the inventory item"
      problems.push(`Lot ${lot.lot_number} belongs to inventory item ${lot.inventory_item_id}, ${what} of line item ${line.line_item_id} (${line.title ?? line.sku ?? "?"})`)
      continue
    }
    const k = `${line.line_item_id}:${item.inventory_item_id}`
    const group = groups.get(k) ?? { line_item_id: line.line_item_id, inventory_item_id: item.inventory_item_id, required_quantity: item.required_quantity, entries: [] }
    group.entries.push({
      line_item_id: line.line_item_id,
      inventory_item_id: item.inventory_item_id,
      lot_id: lot.id,
      lot_number: lot.lot_number,
      quantity: e.quantity,
      damaged: e.damaged === true,
    })
    groups.set(k, group)
  }
  if (problems.length) {
    throw invalid(problems)
  }
  return [...groups.values()]
}

const lineLabel = (facts: ReturnFacts, lineId: string, itemId: string) => {
  const line = facts.lines.find((l) => l.line_item_id === lineId)
  const kit = (line?.items.length ?? 0) > 1 ? ` (inventory item ${itemId})` : ""
  return `line item ${lineId}${line?.title ? ` "${line.title}"` : ""}${kit}`
}

/**
 * `POST /admin/returns/:id/lots`. When units of the return await their lot
 * (a receipt was ambiguous during a quarantine or recall), the named lots
 * confirm them now: one plan under the item lock moves them out of the
 * awaiting lot into the named lots and counts them as returned. Otherwise
 * the return must have a receipt in progress (items received, not
 * confirmed): the lots are checked and kept on that receipt's order change,
 * and used when Medusa confirms it. Everything is checked before anything
 * changes; a refusal (400) names every problem.
 */
export const assignReturnLotsStep = createStep(
  "assign-return-lots",
  async (input: AssignReturnLotsInput, { container }) => {
    const facts = await loadReturnFacts(container, input.return_id)
    if (!facts) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Return ${input.return_id} was not found`)
    }
    if (facts.canceled_at || facts.status === "canceled") {
      throw invalid([`Return ${facts.id} is canceled`])
    }
    const groups = await resolveEntries(container, facts, input)
    const itemIds = [...new Set(groups.map((g) => g.inventory_item_id))]

    const before = await loadReturnLedger(container, facts.id)
    if (before.awaitingAll().length) {
      // Confirm units awaiting their lot: read and decide inside the lock.
      let pairs: ItemLocation[] = []
      const result = await planAndApplyUnderLock(container, itemIds, async () => {
        const [ledger, shipped] = await Promise.all([
          loadReturnLedger(container, facts.id),
          loadShippedLots(container, facts.lines.map((l) => l.line_item_id)),
        ])
        const problems: string[] = []
        const ops: AllocationOp[] = []
        pairs = []
        for (const g of groups) {
          const label = lineLabel(facts, g.line_item_id, g.inventory_item_id)
          const awaiting = ledger.awaiting(g.line_item_id, g.inventory_item_id)
          if (!awaiting) {
            problems.push(`No returned units of ${label} await lot confirmation`)
            continue
          }
          const { picks, problems: p } = assignNamedReturnLots(awaiting, shipped.get(`${g.line_item_id}:${g.inventory_item_id}`) ?? [], g.entries, {
            line: label,
            what: "await lot confirmation",
          })
          problems.push(...p)
          const location = awaiting.location_id ?? facts.location_id!
          for (const pick of picks) {
            ops.push({
              kind: "return_lot_confirmed",
              allocation_id: pick.allocation_id,
              from_lot_id: awaiting.lot_id,
              quantity: pick.quantity,
              damaged: pick.damaged,
              location_id: location,
              return_id: facts.id,
              actor_id: input.actor_id ?? null,
              metadata: { confirmed: true },
            })
          }
          pairs.push({ inventory_item_id: g.inventory_item_id, location_id: location })
        }
        if (problems.length) {
          throw invalid(problems)
        }
        return { ops }
      })
      return new StepResponse<AssignReturnLotsResult, Compensation>({ mode: "confirmed", pairs }, { mode: "confirmed", undo: result.undo })
    }

    const pending = facts.pending
    if (!pending) {
      throw invalid([
        `Return ${facts.id} has no receipt in progress and no units awaiting lot confirmation: start receiving it, receive the items, then name their lots before confirming the receipt`,
      ])
    }
    if (!pending.units.size) {
      throw invalid([`Return ${facts.id} has a receipt in progress but no items received in it yet: receive the items first`])
    }
    const shipped = await loadShippedLots(container, facts.lines.map((l) => l.line_item_id))
    const problems: string[] = []
    for (const g of groups) {
      const label = lineLabel(facts, g.line_item_id, g.inventory_item_id)
      const lineUnits = pending.units.get(g.line_item_id)
      if (!lineUnits) {
        problems.push(`${label[0].toUpperCase()}${label.slice(1)} is not being received in this receipt`)
        continue
      }
      const units: ReturnUnits = inventoryUnits(lineUnits, g.required_quantity)
      const { problems: p } = assignNamedReturnLots(units, shipped.get(`${g.line_item_id}:${g.inventory_item_id}`) ?? [], g.entries, {
        line: label,
        what: units.damaged ? "are being received (damaged included)" : "are being received",
      })
      problems.push(...p)
    }
    if (problems.length) {
      throw invalid(problems)
    }
    // Kept on the receipt: the lots named last replace earlier names for the same line and item.
    const replaced = new Set(groups.map((g) => `${g.line_item_id}:${g.inventory_item_id}`))
    const kept = pending.named.filter((n) => !replaced.has(`${n.line_item_id}:${n.inventory_item_id}`))
    const named = [...kept, ...groups.flatMap((g) => g.entries)]
    const orderModule = container.resolve(Modules.ORDER)
    await orderModule.updateOrderChanges({
      id: pending.order_change_id,
      // Medusa merges metadata keys; the plugin only writes its own.
      metadata: { [NAMED_RETURN_LOTS_KEY]: named, lot_tracking_named_by: input.actor_id ?? null },
    })
    return new StepResponse<AssignReturnLotsResult, Compensation>(
      { mode: "named", pairs: [] },
      { mode: "named", order_change_id: pending.order_change_id, metadata: pending.metadata }
    )
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    if (compensation.mode === "confirmed") {
      await revertLotPlan(compensation.undo, container)
      return
    }
    // Metadata keys are merged: an empty string removes a key that was not there before.
    const previous = compensation.metadata ?? {}
    await container.resolve(Modules.ORDER).updateOrderChanges({
      id: compensation.order_change_id,
      metadata: {
        [NAMED_RETURN_LOTS_KEY]: previous[NAMED_RETURN_LOTS_KEY] ?? "",
        lot_tracking_named_by: previous.lot_tracking_named_by ?? "",
      },
    })
  }
)
