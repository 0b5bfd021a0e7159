import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { ItemLocation } from "../../../modules/lot_tracking/service"
import type { AllocationOp } from "../../../lib/allocation-ops"
import {
  checkReceiptLotNames,
  groupReturnLotEntries,
  planReturnLotConfirmation,
  type ReturnLotEntry,
} from "../../../lib/return-lot-confirmation"
import { duplicateSerials, firstFew } from "../../../lib/serial-numbers"
import { planAndApplyUnderLock, refuseAsMedusaError, revertLotPlan, type LotPlanUndo } from "../../utils/lot-plan"
import {
  loadReturnFacts,
  loadReturnLedger,
  loadShippedLots,
  returnLotItems,
  NAMED_RETURN_LOTS_KEY,
  type ReturnFacts,
} from "../../../read-models/return-receipts"
import type { Resolver } from "../../../types/container"

export type AssignReturnLotsInput = {
  return_id: string
  /** A lot and its units, or (serialized items) the serials that came back. */
  lots: { line_item_id: string; lot_id?: string; quantity?: number; serial_numbers?: string[]; damaged?: boolean }[]
  actor_id?: string | null
}

export type AssignReturnLotsResult = {
  /** `named`: kept for the receipt in progress; `confirmed`: units awaiting their lot moved to it. */
  mode: "named" | "confirmed"
  pairs: ItemLocation[]
  /** `confirmed`: the operations applied (for the `lot.returned` event). */
  ops?: AllocationOp[]
}

type Compensation =
  | { mode: "named"; order_change_id: string; metadata: Record<string, unknown> | null }
  | { mode: "confirmed"; undo: LotPlanUndo[] }

const invalid = (problems: string[]) => new MedusaError(MedusaError.Types.INVALID_DATA, problems.join("; "))

/** Reads what the entries name and checks them (`groupReturnLotEntries`): the entries grouped per (line, item). */
async function resolveEntries(container: Resolver, facts: ReturnFacts, input: AssignReturnLotsInput) {
  const service = lotService(container)
  const entries = await serialEntriesAsLots(container, input.lots)
  const lotIds = [...new Set(entries.map((l) => l.lot_id))]
  const [lots, { tracked, shippedItems }] = await Promise.all([
    service.listLots({ id: lotIds }, { select: ["id", "lot_number", "inventory_item_id", "metadata"] }),
    returnLotItems(container, facts),
  ])
  return refuseAsMedusaError(() =>
    groupReturnLotEntries({ return_id: facts.id, lines: facts.lines, entries, lots, tracked, shipped_items: shippedItems })
  )
}

/**
 * Entries naming serials become entries naming their lots (with the serials):
 * only serials shipped on that order line and not back yet are accepted.
 */
async function serialEntriesAsLots(container: Resolver, entries: AssignReturnLotsInput["lots"]): Promise<ReturnLotEntry[]> {
  const names = entries.flatMap((e) => e.serial_numbers ?? [])
  const twice = duplicateSerials(names)
  if (twice.length) {
    throw invalid([`serial_numbers names ${firstFew(twice)} more than once`])
  }
  const found = names.length ? await lotService(container).findSerialsByNumber(names) : []
  const byNumber = new Map<string, typeof found>()
  for (const s of found) {
    byNumber.set(s.serial_number, [...(byNumber.get(s.serial_number) ?? []), s])
  }
  const problems: string[] = []
  const out: ReturnLotEntry[] = []
  for (const e of entries) {
    if (!e.serial_numbers?.length) {
      out.push(e as ReturnLotEntry)
      continue
    }
    const byLot = new Map<string, ReturnLotEntry>()
    for (const serial of e.serial_numbers) {
      const candidates = byNumber.get(serial) ?? []
      const shipped = candidates.find((s) => s.status === "shipped" && s.line_item_id === e.line_item_id)
      if (!shipped) {
        const why = !candidates.length
          ? "is not a known serial"
          : candidates.some((s) => s.line_item_id === e.line_item_id && s.status !== "shipped")
            ? `is ${candidates[0].status.replace("_", " ")}, not out with the customer`
            : `was not shipped on line item ${e.line_item_id}`
        problems.push(`Serial ${serial} ${why}`)
        continue
      }
      const entry = byLot.get(shipped.lot_id) ?? { line_item_id: e.line_item_id, lot_id: shipped.lot_id, quantity: 0, damaged: e.damaged, serial_numbers: [] }
      entry.quantity++
      entry.serial_numbers!.push(serial)
      byLot.set(shipped.lot_id, entry)
    }
    out.push(...byLot.values())
  }
  if (problems.length) {
    throw invalid(problems)
  }
  return out
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
        const plan = planReturnLotConfirmation({
          return_id: facts.id,
          location_id: facts.location_id!,
          actor_id: input.actor_id ?? null,
          lines: facts.lines,
          groups,
          awaiting: ledger.awaiting,
          shipped,
        })
        pairs = plan.pairs
        return { ops: plan.ops }
      })
      return new StepResponse<AssignReturnLotsResult, Compensation>(
        { mode: "confirmed", pairs, ops: result.ops },
        { mode: "confirmed", undo: result.undo }
      )
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
    refuseAsMedusaError(() => checkReceiptLotNames({ lines: facts.lines, groups, receiving: pending.units, shipped }))
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
