import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { lotService } from "../modules/lot_tracking/resolve"
import {
  receiptUnits,
  returnLedger,
  type ReturnUnits,
  type ShippedLot,
} from "../lib/return-lots"
import type { Resolver } from "../types/container"

/** `order_change.metadata` key under which the lots staff named for a receipt are kept. */
export const NAMED_RETURN_LOTS_KEY = "lot_tracking_return_lots"

/** A lot staff named for units of a receipt, as kept on the receipt's order change. */
export type StoredNamedLot = {
  line_item_id: string
  inventory_item_id: string
  lot_id: string
  lot_number: string
  quantity: number
  damaged: boolean
  /** Serialized items: the units named. */
  serial_numbers?: string[]
}

/** One receipt of a return: Medusa's `return_receive` order change. */
export type Receipt = {
  order_change_id: string
  status: string
  created_at: Date | string | null
  metadata: Record<string, unknown> | null
  /** Line units received (restocked) and received as damaged, per order line. */
  units: Map<string, ReturnUnits>
  named: StoredNamedLot[]
}

export type ReturnLine = {
  line_item_id: string
  title: string | null
  sku: string | null
  quantity: number
  /** The variant's inventory items and how many of each one line unit needs (kits: several). */
  items: { inventory_item_id: string; required_quantity: number }[]
  /** False when the variant does not manage inventory: Medusa restocks nothing for it. */
  manage_inventory: boolean
}

export type ReturnFacts = {
  id: string
  order_id: string
  location_id: string | null
  status: string
  canceled_at: Date | string | null
  lines: ReturnLine[]
  /** Confirmed receipts, oldest first: Medusa restocked their units. */
  receipts: Receipt[]
  /** The receipt being recorded (begun, not confirmed), if any. */
  pending: Receipt | null
}

const toReceipt = (c: any): Receipt => ({
  order_change_id: c.id,
  status: c.status,
  created_at: c.created_at ?? null,
  metadata: c.metadata ?? null,
  units: receiptUnits(c.actions ?? []),
  named: ((c.metadata ?? {})[NAMED_RETURN_LOTS_KEY] ?? []) as StoredNamedLot[],
})

/**
 * A return as the lot flows need it: its lines with the inventory items of
 * their variants (`required_quantity` per item, as Medusa restocks), and its
 * receipts from Medusa's order changes. Receipts are read from the order
 * changes, not from `return_item.received_quantity`: Medusa's confirmation
 * overwrites that figure with the last receipt's units, and counts damaged
 * units in it.
 */
export async function loadReturnFacts(container: Resolver, returnId: string): Promise<ReturnFacts | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "return",
    fields: [
      "id",
      "order_id",
      "location_id",
      "status",
      "canceled_at",
      "items.item_id",
      "items.quantity",
      "items.item.title",
      "items.item.variant_sku",
      "items.item.variant_id",
      "items.item.variant.manage_inventory",
      "items.item.variant.inventory_items.inventory_item_id",
      "items.item.variant.inventory_items.required_quantity",
    ],
    filters: { id: returnId },
  })
  const ret = data[0] as any
  if (!ret) {
    return null
  }
  const orderModule = container.resolve(Modules.ORDER)
  const changes = await orderModule.listOrderChanges(
    { return_id: returnId, change_type: "return_receive" },
    { relations: ["actions"], order: { created_at: "ASC" } }
  )
  const lines = new Map<string, ReturnLine>()
  for (const i of ret.items ?? []) {
    const existing = lines.get(i.item_id)
    if (existing) {
      existing.quantity += Number(i.quantity ?? 0)
      continue
    }
    const items = ((i.item?.variant?.inventory_items ?? []) as any[])
      .filter((x) => x?.inventory_item_id)
      .map((x) => ({ inventory_item_id: x.inventory_item_id as string, required_quantity: Number(x.required_quantity ?? 1) || 1 }))
    lines.set(i.item_id, {
      line_item_id: i.item_id,
      title: i.item?.title ?? null,
      sku: i.item?.variant_sku ?? null,
      quantity: Number(i.quantity ?? 0),
      items,
      manage_inventory: i.item?.variant ? i.item.variant.manage_inventory !== false : true,
    })
  }
  return {
    id: ret.id,
    order_id: ret.order_id,
    location_id: ret.location_id ?? null,
    status: ret.status,
    canceled_at: ret.canceled_at ?? null,
    lines: [...lines.values()],
    receipts: changes.filter((c: any) => c.status === "confirmed").map(toReceipt),
    pending: changes.filter((c: any) => c.status === "pending" || c.status === "requested").map(toReceipt)[0] ?? null,
  }
}

/**
 * What the lines shipped, per line and inventory item, in the order the units
 * shipped (oldest first), with each lot's current status. Read inside the
 * item lock by the planners.
 */
export async function loadShippedLots(container: Resolver, lineIds: string[]): Promise<Map<string, ShippedLot[]>> {
  const out = new Map<string, ShippedLot[]>()
  if (!lineIds.length) {
    return out
  }
  const service = lotService(container)
  const allocations = await service.listLotAllocations(
    { line_item_id: lineIds, status: "fulfilled" },
    { order: { fulfilled_at: "ASC", created_at: "ASC", id: "ASC" } }
  )
  const lotIds = [...new Set(allocations.map((a) => a.lot_id as string))]
  const lots = lotIds.length ? await service.listLots({ id: lotIds }, { select: ["id", "lot_number", "status"] }) : []
  const byId = new Map(lots.map((l) => [l.id, l]))
  for (const a of allocations) {
    const lot = byId.get(a.lot_id as string)
    const k = `${a.line_item_id}:${a.inventory_item_id}`
    const list = out.get(k) ?? []
    list.push({
      allocation_id: a.id,
      lot_id: a.lot_id as string,
      lot_number: lot?.lot_number ?? (a.lot_id as string),
      lot_status: (lot?.status ?? "active") as ShippedLot["lot_status"],
      quantity: a.quantity,
      returned_quantity: a.returned_quantity,
    })
    out.set(k, list)
  }
  return out
}

/** The return's ledger: every movement that references it. */
export async function loadReturnLedger(container: Resolver, returnId: string) {
  const movements = await lotService(container).listLotMovements(
    { reference_type: "return", reference_id: returnId },
    { order: { created_at: "ASC" } }
  )
  return returnLedger(
    movements.map((m) => ({
      lot_id: m.lot_id as string,
      inventory_item_id: m.inventory_item_id,
      location_id: m.location_id,
      type: m.type,
      quantity: m.quantity,
      metadata: (m.metadata ?? null) as Record<string, unknown> | null,
    }))
  )
}

/**
 * Which inventory items of the return's lines carry lots: per line, the items
 * it shipped with lots (fulfilled allocations), and whether an item is
 * tracked now. A line's lot items come from both (`lotItemsOfLine`), so a
 * kit part shipped with lots counts even if tracking changed since.
 */
export async function returnLotItems(
  container: Resolver,
  facts: ReturnFacts
): Promise<{ tracked: (inventoryItemId: string) => boolean; shippedItems: Map<string, Set<string>> }> {
  const service = lotService(container)
  const lineIds = facts.lines.map((l) => l.line_item_id)
  const shipped = lineIds.length
    ? await service.listLotAllocations({ line_item_id: lineIds, status: "fulfilled" }, { select: ["line_item_id", "inventory_item_id"] })
    : []
  const policies = await service.resolvePolicies([
    ...facts.lines.flatMap((l) => l.items.map((i) => i.inventory_item_id)),
    ...shipped.map((a) => a.inventory_item_id),
  ])
  const shippedItems = new Map<string, Set<string>>(facts.lines.map((line) => [line.line_item_id, new Set<string>()]))
  for (const a of shipped) {
    shippedItems.get(a.line_item_id)?.add(a.inventory_item_id)
  }
  return { tracked: (itemId) => policies.get(itemId)?.tracked === true, shippedItems }
}
