/**
 * The allocation plan of a received return (the "return received" flow):
 * per receipt (Medusa's `return_receive` order change), per line and per
 * inventory item of the line (line units x `required_quantity`, kits), the
 * units not placed yet go where `planReturnReceipt` says: back into a lot
 * the line shipped from (`return_receive`), or into the item's awaiting lot
 * (`return_awaiting_lot`). Each receipt's units count once: the return's
 * ledger says what earlier runs placed, and units restocked before receipts
 * were told apart count against the earliest receipts.
 *
 * Pure: the step reads the receipts, shipped lots and ledger under the item
 * lock. The awaiting lot of an item is created the first time it is needed,
 * so the planner answers `needs_awaiting_lot` for an item it has no lot for;
 * the step finds or creates it and plans again.
 */
import type { AllocationOp } from "./allocation-ops"
import { inventoryUnits, planReturnReceipt, type NamedReturnLot, type ReturnUnits, type ShippedLot } from "./return-lots"

/** An inventory item of a line's variant and how many of it one line unit needs (kits: several). */
export type LineItemPart = { inventory_item_id: string; required_quantity: number }

/**
 * The inventory items whose lots a line's return moves, with the units per
 * line unit: the variant's items that are tracked or shipped with lots; a
 * line whose variant is gone falls back to the items it shipped with lots,
 * one unit each. A variant that does not manage inventory moves none.
 */
export function lotItemsOfLine(
  line: { manage_inventory: boolean; items: LineItemPart[] },
  tracked: (itemId: string) => boolean,
  shippedItems: Set<string>
): LineItemPart[] {
  if (!line.manage_inventory) {
    return []
  }
  const fromVariant = line.items.filter((i) => tracked(i.inventory_item_id) || shippedItems.has(i.inventory_item_id))
  if (line.items.length) {
    return fromVariant
  }
  return [...shippedItems].map((inventory_item_id) => ({ inventory_item_id, required_quantity: 1 }))
}

/** A lot staff named for units of a receipt. */
export type ReceiptNamedLot = NamedReturnLot & { line_item_id: string; inventory_item_id: string; lot_number: string }

export type RestockReceipt = {
  order_change_id: string
  /** Line units received (restocked) and received as damaged, per order line. */
  units: Map<string, ReturnUnits>
  named: ReceiptNamedLot[]
}

/** What the return's ledger says earlier runs did (`returnLedger` of `./return-lots`). */
export type RestockLedger = {
  /** Units already placed for this receipt, line and item (damaged or not). */
  placed(orderChangeId: string, lineId: string, itemId: string, damaged: boolean): number
  /** Units restocked before receipts were told apart. */
  legacy(lineId: string, itemId: string): number
}

export type ReturnRestockInput = {
  return_id: string
  order_id: string
  /** The return's location: where units come back. */
  location_id: string
  actor_id: string | null
  /** Confirmed receipts, oldest first. */
  receipts: RestockReceipt[]
  /** Per line, the inventory items whose lots it moves and the units per line unit (`lotItemsOfLine`). */
  items_of: Map<string, LineItemPart[]>
  /** What each line and item shipped, keyed `line:item`, oldest first. Not changed by the planner. */
  shipped: Map<string, ShippedLot[]>
  ledger: RestockLedger
  /** The awaiting lot of each item met so far. */
  awaiting_lots: Map<string, string>
  /** Serialized items: their units come back by serial (named, else the lowest shipped). */
  serialized?: (itemId: string) => boolean
}

export type ReturnRestockPlan =
  | {
      ops: AllocationOp[]
      /** Inventory units put to await lot confirmation. */
      awaiting_units: number
      /** Named units the default rule placed instead, in words for the log. */
      unused_named: string[]
    }
  /** Find or create this item's awaiting lot and plan again. */
  | { needs_awaiting_lot: string }

/**
 * Named serials come back to the shipment they left on: a lot named with
 * serials becomes one entry per shipment (`allocation_id`). Serials no longer
 * out with the customer are dropped (placed by the default rule instead).
 */
export function namedBySerialShipment(
  named: ReceiptNamedLot[],
  shipmentOf: (inventoryItemId: string, serial: string) => { allocation_id: string | null; status: string; line_item_id: string | null } | undefined
): ReceiptNamedLot[] {
  return named.flatMap((n) => {
    if (!n.serial_numbers?.length) {
      return [n]
    }
    const byAllocation = new Map<string, string[]>()
    for (const serial of n.serial_numbers) {
      const s = shipmentOf(n.inventory_item_id, serial)
      if (s?.status === "shipped" && s.allocation_id && s.line_item_id === n.line_item_id) {
        const list = byAllocation.get(s.allocation_id)
        if (list) {
          list.push(serial)
        } else {
          byAllocation.set(s.allocation_id, [serial])
        }
      }
    }
    return [...byAllocation].map(([allocation_id, serial_numbers]) => ({ ...n, allocation_id, serial_numbers, quantity: serial_numbers.length }))
  })
}

export function planReturnRestock(input: ReturnRestockInput): ReturnRestockPlan {
  const { ledger } = input
  const ops: AllocationOp[] = []
  const unusedNamed: string[] = []
  let awaitingUnits = 0
  // Later receipts in this plan see units placed by earlier ones as back.
  const shipped = new Map([...input.shipped].map(([k, rows]) => [k, rows.map((r) => ({ ...r }))]))
  // Restocked units recorded before receipts were told apart count against the earliest receipts.
  const legacyLeft = new Map<string, number>()
  for (const receipt of input.receipts) {
    for (const [lineId, lineUnits] of receipt.units) {
      for (const { inventory_item_id: itemId, required_quantity } of input.items_of.get(lineId) ?? []) {
        const k = `${lineId}:${itemId}`
        const target = inventoryUnits(lineUnits, required_quantity)
        if (!legacyLeft.has(k)) {
          legacyLeft.set(k, ledger.legacy(lineId, itemId))
        }
        const placedNormal = ledger.placed(receipt.order_change_id, lineId, itemId, false)
        const legacy = Math.min(legacyLeft.get(k)!, Math.max(0, target.normal - placedNormal))
        legacyLeft.set(k, legacyLeft.get(k)! - legacy)
        const todo = {
          normal: Math.max(0, target.normal - placedNormal - legacy),
          damaged: Math.max(0, target.damaged - ledger.placed(receipt.order_change_id, lineId, itemId, true)),
        }
        if (!todo.normal && !todo.damaged) {
          continue
        }
        const rows = shipped.get(k) ?? []
        const named = receipt.named.filter((n) => n.line_item_id === lineId && n.inventory_item_id === itemId)
        const serialized = input.serialized?.(itemId) ?? false
        const plan = planReturnReceipt(todo, rows, named, { ambiguous: !serialized })
        for (const u of plan.unused_named) {
          unusedNamed.push(`${u.quantity} of lot ${named.find((n) => n.lot_id === u.lot_id)?.lot_number ?? u.lot_id} for line item ${lineId}`)
        }
        const metadata = { order_change_id: receipt.order_change_id, order_id: input.order_id }
        for (const p of plan.placements) {
          if (p.kind === "lot") {
            ops.push({
              kind: "return_receive",
              allocation_id: p.allocation_id,
              quantity: p.quantity,
              damaged: p.damaged,
              location_id: input.location_id,
              return_id: input.return_id,
              actor_id: input.actor_id,
              metadata: { ...metadata, named: p.named },
              ...(serialized ? { serialized, serial_numbers: p.serial_numbers ?? null } : {}),
            })
            rows.find((r) => r.allocation_id === p.allocation_id)!.returned_quantity += p.quantity
            continue
          }
          const awaitingLot = input.awaiting_lots.get(itemId)
          if (!awaitingLot) {
            return { needs_awaiting_lot: itemId }
          }
          awaitingUnits += p.quantity
          ops.push({
            kind: "return_awaiting_lot",
            lot_id: awaitingLot,
            order_id: input.order_id,
            line_item_id: lineId,
            inventory_item_id: itemId,
            quantity: p.quantity,
            damaged: p.damaged,
            location_id: input.location_id,
            return_id: input.return_id,
            actor_id: input.actor_id,
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
  return { ops, awaiting_units: awaitingUnits, unused_named: unusedNamed }
}
