import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "../queries/knex"
import { reserveStockInBatch } from "../queries/lot-stock"
import { movementRow, newAllocation } from "./plan-tx"
import type { OpOf, UndoEntry } from "./types"

/**
 * Order placement is only reserves (and shortfalls): they go in three
 * statements (stock, allocations, movements), not three per lot, since this
 * runs while core's checkout waits on the same item lock. The lots must
 * have been checked sellable first.
 */
export async function reserveInBatch(knex: Knex, reserves: OpOf<"reserve">[], undo: UndoEntry[]): Promise<void> {
  const perStock = new Map<string, { lot_id: string; location_id: string; quantity: number }>()
  for (const r of reserves) {
    const key = `${r.lot_id}:${r.location_id}`
    const entry = perStock.get(key) ?? { lot_id: r.lot_id, location_id: r.location_id, quantity: 0 }
    entry.quantity += r.quantity
    perStock.set(key, entry)
  }
  const pairs = [...perStock.values()]
  await reserveStockInBatch(knex, pairs)
  for (const p of pairs) {
    undo.push({ t: "stock", lot_id: p.lot_id, location_id: p.location_id, stocked: 0, reserved: p.quantity })
  }
  const allocations = reserves.map((r) => ({
    id: generateEntityId(undefined, "lotalc"),
    ...newAllocation(r, "reserved", r.source ?? "auto"),
  }))
  const movements = reserves.map((r, i) => ({
    id: generateEntityId(undefined, "lotmov"),
    ...movementRow({
      lot_id: r.lot_id,
      inventory_item_id: r.inventory_item_id,
      location_id: r.location_id,
      type: "reserved",
      quantity: r.quantity,
      reference_type: "order",
      reference_id: r.order_id,
      reason: r.reason ?? null,
      actor_id: r.actor_id ?? null,
      metadata: { line_item_id: r.line_item_id, allocation_id: allocations[i].id },
    }),
  }))
  await knex("lot_allocation").insert(allocations)
  await knex("lot_movement").insert(movements)
  undo.push(...allocations.map((a) => ({ t: "insert" as const, table: "lot_allocation" as const, id: a.id })))
  undo.push(...movements.map((m) => ({ t: "insert" as const, table: "lot_movement" as const, id: m.id })))
}
