import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { matchRecalledLot, type CodeField } from "../../lib/lot-code-match"
import { eventContext, type LotStatusChangedEvent } from "../../lib/lot-events"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { RecallMatchCandidate } from "../../modules/lot_tracking/service"
import type { LotStatus } from "../../modules/lot_tracking/types"
import { itemNames } from "../../read-models/item-names"

/** An arriving lot held because its code matches a lot under an open recall of the same item. */
export type HeldArrival = {
  lot_id: string
  inventory_item_id: string
  lot_number: string
  supplier_lot_code: string | null
  recall_id: string
  recall_reference: string
  matched_lot_id: string
  matched_lot_number: string
  /** The arriving lot's field that matched, and the recalled lot's field it matched. */
  matched_on: CodeField
  matched_field: CodeField
  reason: string
}

/** What a create / receive / import answer says about a held lot. */
export type HeldByRecall = { recall_id: string; reference: string; matched_lot_number: string; matched_on: CodeField }

export const heldByRecallOf = (held: HeldArrival[], lotId: string): HeldByRecall | null => {
  const h = held.find((x) => x.lot_id === lotId)
  return h ? { recall_id: h.recall_id, reference: h.recall_reference, matched_lot_number: h.matched_lot_number, matched_on: h.matched_on } : null
}

export type HoldRecalledArrivalsInput = {
  /** The lots units arrive in (new or existing)... */
  lot_ids?: string[]
  /** ...or every lot an import's rows name. */
  import_id?: string | null
  actor_id?: string | null
}

/** The held arrivals from the candidate pairs: each arriving lot once, with its first matching recall. */
export function heldArrivals(candidates: RecallMatchCandidate[]): HeldArrival[] {
  const byLot = new Map<string, RecallMatchCandidate[]>()
  for (const c of candidates) {
    byLot.set(c.lot_id, [...(byLot.get(c.lot_id) ?? []), c])
  }
  const held: HeldArrival[] = []
  for (const rows of byLot.values()) {
    const lot = rows[0]
    const match = matchRecalledLot(
      { lot_number: lot.lot_number, supplier_lot_code: lot.supplier_lot_code },
      rows.map((r) => ({ ...r, lot_number: r.recalled_lot_number, supplier_lot_code: r.recalled_supplier_lot_code }))
    )
    if (!match) {
      continue
    }
    const r = match.recalled
    const code = match.matched_on === "lot_number" ? lot.lot_number : lot.supplier_lot_code
    held.push({
      lot_id: lot.lot_id,
      inventory_item_id: lot.inventory_item_id,
      lot_number: lot.lot_number,
      supplier_lot_code: lot.supplier_lot_code ?? null,
      recall_id: r.recall_id,
      recall_reference: r.recall_reference,
      matched_lot_id: r.recalled_lot_id,
      matched_lot_number: r.recalled_lot_number,
      matched_on: match.matched_on,
      matched_field: match.matched_field,
      reason: `Held on arrival: ${match.matched_on === "lot_number" ? "lot number" : "supplier lot code"} ${code} matches lot ${r.recalled_lot_number} under open recall ${r.recall_reference}`,
    })
  }
  return held
}

export const holdRecalledArrivalsStepId = "hold-recalled-arrivals"

type HoldUndo = { previous: { id: string; status: LotStatus }[]; movement_ids: string[] } | null

/**
 * Auto-hold on arrival (docs/RECALLS.md): arriving lots whose lot number or
 * supplier code matches, after normalisation (src/lib/lot-code-match.ts),
 * a lot of the same item under an open recall become `quarantined`, with a
 * `quarantined` ledger line naming the recall. Runs before the units land,
 * so the stock step that follows holds them (they are never for sale).
 * One query per receipt. Compensation restores the status and removes the
 * ledger lines.
 */
export const holdRecalledArrivalsStep = createStep(
  holdRecalledArrivalsStepId,
  async (input: HoldRecalledArrivalsInput, { container }) => {
    const service = lotService(container)
    const held = heldArrivals(await service.listRecallMatchCandidates({ lot_ids: input.lot_ids, import_id: input.import_id }))
    if (!held.length) {
      return new StepResponse<HeldArrival[], HoldUndo>(held, null)
    }
    const changed = await service.setLotStatuses({ lot_ids: held.map((h) => h.lot_id), to: "quarantined", allowed_from: ["active"] })
    const previous = changed.map((c) => ({ id: c.id, status: c.previous_status as LotStatus }))
    try {
      const movements = (await service.createLotMovements(
        held.map((h) => ({
          lot_id: h.lot_id,
          inventory_item_id: h.inventory_item_id,
          location_id: null,
          type: "quarantined" as const,
          quantity: 0,
          reason: h.reason,
          reference_type: "recall",
          reference_id: h.recall_id,
          actor_id: input.actor_id ?? null,
          metadata: {
            recall_reference: h.recall_reference,
            // The timeline links the recall by `reference`, as on `recalled` lines.
            reference: h.recall_reference,
            matched_lot_id: h.matched_lot_id,
            matched_lot_number: h.matched_lot_number,
            matched_on: h.matched_on,
            matched_field: h.matched_field,
          },
        })) as any[]
      )) as unknown as { id: string }[]
      return new StepResponse<HeldArrival[], HoldUndo>(held, { previous, movement_ids: movements.map((m) => m.id) })
    } catch (e) {
      // This step failed: its compensation does not run, so it restores the statuses itself.
      await service.restoreLotStatuses(previous)
      throw e
    }
  },
  async (undo: HoldUndo | undefined, { container }) => {
    if (!undo) {
      return
    }
    const service = lotService(container)
    if (undo.movement_ids.length) {
      await service.deleteLotMovements(undo.movement_ids)
    }
    await service.restoreLotStatuses(undo.previous)
  }
)

export const announceHeldArrivalsStepId = "announce-held-arrivals"

/**
 * Tells the admin what was held: one feed notification per held lot
 * (Notification Module, channel `feed`, template `admin-ui`, as the expiry
 * watch sends) and the `lot.status_changed` events for the caller to emit.
 * Put it after every writing step of the workflow: a notification cannot
 * be taken back, so this step has no compensation, and a failing feed only
 * logs a warning (the hold and its ledger line stand).
 */
export const announceHeldArrivalsStep = createStep(
  announceHeldArrivalsStepId,
  async (input: { held: HeldArrival[]; actor_id?: string | null }, { container }) => {
    const held = input.held ?? []
    if (!held.length) {
      return new StepResponse({ events: [] as LotStatusChangedEvent[], notification_ids: [] as string[] })
    }
    // Names only dress the message: a failed read must not fail the workflow after its last write.
    const names = await itemNames(
      container,
      held.map((h) => h.inventory_item_id)
    ).catch(() => new Map<string, { sku: string | null; label: string | null }>())
    const context = eventContext(input.actor_id)
    const events: LotStatusChangedEvent[] = held.map((h) => ({
      lot_id: h.lot_id,
      lot_number: h.lot_number,
      supplier_lot_code: h.supplier_lot_code,
      inventory_item_id: h.inventory_item_id,
      sku: names.get(h.inventory_item_id)?.sku ?? null,
      ...context,
      from: "active",
      to: "quarantined",
      reason: h.reason,
      recall_id: h.recall_id,
    }))
    if (!container.hasRegistration(Modules.NOTIFICATION)) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`Lot tracking: no Notification Module is registered; ${held.map((h) => h.reason).join("; ")}`)
      return new StepResponse({ events, notification_ids: [] as string[] })
    }
    const notifications = held.map((h) => {
      const item = names.get(h.inventory_item_id)
      return {
        to: "",
        channel: "feed",
        template: "admin-ui",
        trigger_type: "lot.held_by_recall",
        resource_type: "lot",
        resource_id: h.lot_id,
        idempotency_key: `lot-recall-hold:${h.lot_id}:${h.recall_id}:${context.occurred_at}`,
        data: {
          title: `Incoming lot ${h.lot_number} held: recall ${h.recall_reference}`,
          description: `${item?.label ?? h.inventory_item_id}: ${h.reason}. The lot is quarantined; check the delivery, then write it off or release it.`,
          lot_id: h.lot_id,
          recall_id: h.recall_id,
        },
      }
    })
    try {
      const created = (await container.resolve(Modules.NOTIFICATION).createNotifications(notifications)) as { id: string }[]
      return new StepResponse({ events, notification_ids: created.map((n) => n.id) })
    } catch (e) {
      // The hold stands (ledger and event say it): a failing feed must not undo the receipt.
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`Lot tracking: the feed notification of held arrivals failed (${(e as Error).message}); ${held.map((h) => h.reason).join("; ")}`)
      return new StepResponse({ events, notification_ids: [] as string[] })
    }
  }
)
