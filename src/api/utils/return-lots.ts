import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import { inventoryUnits } from "../../lib/return-lots"
import { lotItemsOfLine } from "../../lib/return-restock"
import {
  loadReturnFacts,
  loadReturnLedger,
  loadShippedLots,
  type StoredNamedLot,
} from "../../read-models/return-receipts"
import type { Resolver } from "../../read-models/pg"
import { itemNames } from "../../read-models/item-names"
import type { ReturnLots, ReturnLotsItem, ReturnUnits } from "../../types/http"

export type { ReturnLots, ReturnLotsItem }

type Units = ReturnUnits

/** `GET /admin/returns/:id/lots`: the return's lots, line by line and item by item. */
export async function returnLotsForResponse(container: Resolver, returnId: string): Promise<ReturnLots> {
  const facts = await loadReturnFacts(container, returnId)
  if (!facts) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Return ${returnId} was not found`)
  }
  const service = lotService(container)
  const lineIds = facts.lines.map((l) => l.line_item_id)
  const [shipped, ledger, movements] = await Promise.all([
    loadShippedLots(container, lineIds),
    loadReturnLedger(container, facts.id),
    service.listLotMovements({ reference_type: "return", reference_id: facts.id, type: ["returned", "return_damaged"] }),
  ])
  const shippedItems = new Map<string, Set<string>>()
  for (const k of shipped.keys()) {
    const [line, item] = k.split(":")
    shippedItems.set(line, (shippedItems.get(line) ?? new Set()).add(item))
  }
  const itemIds = [...facts.lines.flatMap((l) => l.items.map((i) => i.inventory_item_id)), ...[...shippedItems.values()].flatMap((s) => [...s])]
  const [policies, names] = await Promise.all([service.resolvePolicies(itemIds), itemNames(container, itemIds)])
  const movementLots = [...new Set(movements.map((m) => m.lot_id as string))]
  const lots = movementLots.length ? await service.listLots({ id: movementLots }, { select: ["id", "lot_number"] }) : []
  const lotNumber = new Map(lots.map((l) => [l.id, l.lot_number]))
  const pending = facts.pending
  let awaitingTotal = 0

  const lines = facts.lines.map((line) => {
    const received: Units = { normal: 0, damaged: 0 }
    for (const r of facts.receipts) {
      const u = r.units.get(line.line_item_id)
      received.normal += u?.normal ?? 0
      received.damaged += u?.damaged ?? 0
    }
    const receiving = pending ? pending.units.get(line.line_item_id) ?? { normal: 0, damaged: 0 } : null
    const items = lotItemsOfLine(line, (id) => policies.get(id)?.tracked === true, shippedItems.get(line.line_item_id) ?? new Set())
    return {
      line_item_id: line.line_item_id,
      title: line.title,
      sku: line.sku,
      quantity: line.quantity,
      received,
      receiving,
      items: items.map((item): ReturnLotsItem => {
        const rows = shipped.get(`${line.line_item_id}:${item.inventory_item_id}`) ?? []
        const back = new Map<string, { lot_id: string; lot_number: string; quantity: number; damaged: boolean }>()
        for (const m of movements) {
          const md = (m.metadata ?? {}) as Record<string, unknown>
          if (md.line_item_id !== line.line_item_id || m.inventory_item_id !== item.inventory_item_id) {
            continue
          }
          const damaged = m.type === "return_damaged"
          const k = `${m.lot_id}:${damaged}`
          const entry = back.get(k) ?? { lot_id: m.lot_id as string, lot_number: lotNumber.get(m.lot_id as string) ?? (m.lot_id as string), quantity: 0, damaged }
          entry.quantity += Number(md.units ?? Math.abs(m.quantity))
          back.set(k, entry)
        }
        const awaiting = ledger.awaiting(line.line_item_id, item.inventory_item_id)
        awaitingTotal += awaiting ? awaiting.normal + awaiting.damaged : 0
        const named = (pending?.named ?? []).filter(
          (n: StoredNamedLot) => n.line_item_id === line.line_item_id && n.inventory_item_id === item.inventory_item_id
        )
        return {
          inventory_item_id: item.inventory_item_id,
          inventory_item: names.get(item.inventory_item_id) ?? null,
          required_quantity: item.required_quantity,
          shipped: rows.map((r) => ({
            allocation_id: r.allocation_id,
            lot_id: r.lot_id,
            lot_number: r.lot_number,
            lot_status: r.lot_status,
            quantity: r.quantity,
            returned_quantity: r.returned_quantity,
          })),
          returned: [...back.values()],
          receiving: receiving ? inventoryUnits(receiving, item.required_quantity) : null,
          named: named.map((n) => ({
            lot_id: n.lot_id,
            lot_number: n.lot_number,
            quantity: n.quantity,
            damaged: n.damaged,
            ...(n.serial_numbers?.length ? { serial_numbers: n.serial_numbers } : {}),
          })),
          awaiting: awaiting ? { normal: awaiting.normal, damaged: awaiting.damaged, lot_id: awaiting.lot_id, location_id: awaiting.location_id } : null,
        }
      }),
    }
  })
  return {
    return_id: facts.id,
    order_id: facts.order_id,
    status: facts.status,
    location_id: facts.location_id,
    receipt: pending ? { order_change_id: pending.order_change_id, status: pending.status } : null,
    awaiting_lot_confirmation: awaitingTotal,
    lines,
  }
}
