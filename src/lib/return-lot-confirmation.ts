/**
 * Lots staff name for returned units (the "return lots" flow,
 * `POST /admin/returns/:id/lots`). Each entry must name a line of the return
 * and a lot of one of the line's inventory items (a kit has several), never
 * the awaiting lot. Units awaiting their lot are then moved into the named
 * lots (`planReturnLotConfirmation`); otherwise the names are checked
 * against the receipt in progress (`checkReceiptLotNames`) and kept for it.
 * Everything is checked before anything changes, and a refusal names every
 * problem at once.
 *
 * Pure: the step reads the return, its ledger and what its lines shipped.
 */
import type { AllocationOp, ItemLocation } from "./allocation-ops"
import { invalidData } from "./plan-refusal"
import { assignNamedReturnLots, inventoryUnits, isAwaitingLot, type AwaitingUnits, type ReturnUnits, type ShippedLot } from "./return-lots"
import { lotItemsOfLine, type LineItemPart, type ReceiptNamedLot } from "./return-restock"

/** A line of the return, as much as the checks and messages need. */
export type ReturnLotLine = {
  line_item_id: string
  title: string | null
  sku: string | null
  items: LineItemPart[]
  manage_inventory: boolean
}

/** The entries named for one line and inventory item. */
export type ReturnLotGroup = {
  line_item_id: string
  inventory_item_id: string
  required_quantity: number
  entries: (ReceiptNamedLot & { damaged: boolean })[]
}

export type ReturnLotEntry = { line_item_id: string; lot_id: string; quantity: number; damaged?: boolean; serial_numbers?: string[] }

const refuse = (problems: string[]) => invalidData(problems.join("; "))

/** How messages name a line (and, for a kit, the item). */
export function returnLineLabel(lines: ReturnLotLine[], lineId: string, itemId: string): string {
  const line = lines.find((l) => l.line_item_id === lineId)
  const kit = (line?.items.length ?? 0) > 1 ? ` (inventory item ${itemId})` : ""
  return `line item ${lineId}${line?.title ? ` "${line.title}"` : ""}${kit}`
}

/**
 * Checks what every entry names and groups the entries per (line, item),
 * with the item's units per line unit and the lot number.
 */
export function groupReturnLotEntries(input: {
  return_id: string
  lines: ReturnLotLine[]
  entries: ReturnLotEntry[]
  lots: { id: string; lot_number: string; inventory_item_id: string; metadata?: unknown }[]
  tracked: (itemId: string) => boolean
  /** Per line, the inventory items it shipped with lots. */
  shipped_items: Map<string, Set<string>>
}): ReturnLotGroup[] {
  const lotById = new Map(input.lots.map((l) => [l.id, l]))
  const problems: string[] = []
  const groups = new Map<string, ReturnLotGroup>()
  for (const e of input.entries) {
    const line = input.lines.find((l) => l.line_item_id === e.line_item_id)
    if (!line) {
      problems.push(`Line item ${e.line_item_id} is not in return ${input.return_id}`)
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
    const items = lotItemsOfLine(line, input.tracked, input.shipped_items.get(line.line_item_id) ?? new Set())
    const item = items.find((i) => i.inventory_item_id === lot.inventory_item_id)
    if (!item) {
      const what = line.items.length > 1 ? "none of the inventory items" : "not the inventory item"
      problems.push(
        `Lot ${lot.lot_number} belongs to inventory item ${lot.inventory_item_id}, ${what} of line item ${line.line_item_id} (${line.title ?? line.sku ?? "?"})`
      )
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
      ...(e.serial_numbers?.length ? { serial_numbers: e.serial_numbers } : {}),
    })
    groups.set(k, group)
  }
  if (problems.length) {
    throw refuse(problems)
  }
  return [...groups.values()]
}

/**
 * Units awaiting their lot move out of the awaiting lot into the named lots
 * (`return_lot_confirmed`) and count as returned there; `pairs` are where
 * holds must follow.
 */
export function planReturnLotConfirmation(input: {
  return_id: string
  /** The return's location, for units whose awaiting row has none. */
  location_id: string
  actor_id: string | null
  lines: ReturnLotLine[]
  groups: ReturnLotGroup[]
  /** Units of the line and item awaiting their lot (the return's ledger). */
  awaiting: (lineId: string, itemId: string) => AwaitingUnits | null
  /** What each line and item shipped, keyed `line:item`. */
  shipped: Map<string, ShippedLot[]>
}): { ops: AllocationOp[]; pairs: ItemLocation[] } {
  const problems: string[] = []
  const ops: AllocationOp[] = []
  const pairs: ItemLocation[] = []
  for (const g of input.groups) {
    const label = returnLineLabel(input.lines, g.line_item_id, g.inventory_item_id)
    const awaiting = input.awaiting(g.line_item_id, g.inventory_item_id)
    if (!awaiting) {
      problems.push(`No returned units of ${label} await lot confirmation`)
      continue
    }
    const { picks, problems: p } = assignNamedReturnLots(awaiting, input.shipped.get(`${g.line_item_id}:${g.inventory_item_id}`) ?? [], g.entries, {
      line: label,
      what: "await lot confirmation",
    })
    problems.push(...p)
    const location = awaiting.location_id ?? input.location_id
    for (const pick of picks) {
      ops.push({
        kind: "return_lot_confirmed",
        allocation_id: pick.allocation_id,
        from_lot_id: awaiting.lot_id,
        quantity: pick.quantity,
        damaged: pick.damaged,
        location_id: location,
        return_id: input.return_id,
        actor_id: input.actor_id,
        metadata: { confirmed: true },
      })
    }
    pairs.push({ inventory_item_id: g.inventory_item_id, location_id: location })
  }
  if (problems.length) {
    throw refuse(problems)
  }
  return { ops, pairs }
}

/** The names fit the receipt in progress: its lines, their units (kits: per item), and what each lot shipped. */
export function checkReceiptLotNames(input: {
  lines: ReturnLotLine[]
  groups: ReturnLotGroup[]
  /** Line units being received in the receipt in progress. */
  receiving: Map<string, ReturnUnits>
  shipped: Map<string, ShippedLot[]>
}): void {
  const problems: string[] = []
  for (const g of input.groups) {
    const label = returnLineLabel(input.lines, g.line_item_id, g.inventory_item_id)
    const lineUnits = input.receiving.get(g.line_item_id)
    if (!lineUnits) {
      problems.push(`${label[0].toUpperCase()}${label.slice(1)} is not being received in this receipt`)
      continue
    }
    const units = inventoryUnits(lineUnits, g.required_quantity)
    const { problems: p } = assignNamedReturnLots(units, input.shipped.get(`${g.line_item_id}:${g.inventory_item_id}`) ?? [], g.entries, {
      line: label,
      what: units.damaged ? "are being received (damaged included)" : "are being received",
    })
    problems.push(...p)
  }
  if (problems.length) {
    throw refuse(problems)
  }
}
