import { sequentialEntityIds } from "../../../lib/entity-ids"
import type { Knex } from "../queries/knex"
import { reserveStockInBatch } from "../queries/lot-stock"
import { movementRow, newAllocation } from "./plan-tx"
import type { OpOf, UndoEntry } from "./types"

/** The stock change per (lot, location), and the allocation and movement rows, of a batch of reserves. */
function reserveRows(reserves: OpOf<"reserve">[]) {
  const perStock = new Map<string, { lot_id: string; location_id: string; quantity: number }>()
  for (const r of reserves) {
    const key = `${r.lot_id}:${r.location_id}`
    const entry = perStock.get(key) ?? { lot_id: r.lot_id, location_id: r.location_id, quantity: 0 }
    entry.quantity += r.quantity
    perStock.set(key, entry)
  }
  // One random id for the batch, the others counted up from it (ids stay unique and sortable).
  const ids = sequentialEntityIds("lotalc", reserves.length)
  const allocations = reserves.map((r, i) => ({ id: ids[i], ...newAllocation(r, "reserved", r.source ?? "auto") }))
  const movements = reserves.map((r, i) => ({
    id: ids[i].replace(/^lotalc_/, "lotmov_"),
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
  return { pairs: [...perStock.values()], allocations, movements }
}

/** The undo entries of an applied batch of reserves. */
function reserveUndo({ pairs, allocations, movements }: ReturnType<typeof reserveRows>): UndoEntry[] {
  return [
    ...pairs.map((p) => ({ t: "stock" as const, lot_id: p.lot_id, location_id: p.location_id, stocked: 0, reserved: p.quantity })),
    ...allocations.map((a) => ({ t: "insert" as const, table: "lot_allocation" as const, id: a.id })),
    ...movements.map((m) => ({ t: "insert" as const, table: "lot_movement" as const, id: m.id })),
  ]
}

/**
 * Order placement is only reserves (and shortfalls): they go in two
 * statements (stock; allocations with their movements), not three per lot:
 * this runs for every order, beside the checkouts. The stock statement
 * checks the lots sellable itself.
 */
export async function reserveInBatch(knex: Knex, reserves: OpOf<"reserve">[], undo: UndoEntry[], today: string): Promise<void> {
  const rows = reserveRows(reserves)
  await reserveStockInBatch(knex, rows.pairs, today, "reserved")
  // Both tables in one statement: one round trip fewer on every order placement.
  await knex.raw(`WITH allocations AS (?) ?`, [knex("lot_allocation").insert(rows.allocations), knex("lot_movement").insert(rows.movements)])
  undo.push(...reserveUndo(rows))
}

/** PostgreSQL's division_by_zero: how the one-statement reserve below refuses itself. */
const REFUSED = "22012"

/**
 * The whole of an order placement's plan (reserves only, no serials) as ONE
 * statement, so it needs no transaction of its own: the lots read `FOR
 * SHARE` (only sellable ones), the stock updated where the units are there,
 * the allocations and their movements inserted. A statement is atomic: when
 * not every row could be reserved, its last line divides by zero and
 * PostgreSQL undoes all of it; the answer is then null and the caller runs
 * the plan the usual way, which says exactly why. One round trip instead of
 * five, while the lot lock is held.
 */
export async function reserveInOneStatement(knex: Knex, reserves: OpOf<"reserve">[], today: string): Promise<UndoEntry[] | null> {
  const rows = reserveRows(reserves)
  const { pairs, allocations, movements } = rows
  const lotIds = [...new Set(pairs.map((p) => p.lot_id))].sort()
  try {
    await knex.raw(
      `WITH sellable AS (
         SELECT id FROM lot
          WHERE id IN (${lotIds.map(() => "?").join(", ")}) AND deleted_at IS NULL
            AND status = 'active' AND (expires_at IS NULL OR expires_at >= ?)
          ORDER BY id FOR SHARE),
       wanted (lot_id, location_id, q) AS (VALUES ${pairs.map(() => "(?, ?, ?::int)").join(", ")}),
       stock AS (
         UPDATE lot_stock s SET reserved_quantity = s.reserved_quantity + w.q, updated_at = now()
           FROM wanted w
          WHERE s.lot_id = w.lot_id AND s.location_id = w.location_id AND s.deleted_at IS NULL
            AND s.stocked_quantity - s.reserved_quantity >= w.q AND s.recall_id IS NULL
            AND w.lot_id IN (SELECT id FROM sellable)
          RETURNING s.lot_id),
       allocations AS (?),
       movements AS (?)
       SELECT 1 / (CASE WHEN (SELECT count(*) FROM stock) = ? THEN 1 ELSE 0 END) AS reserved`,
      [
        ...lotIds,
        today,
        ...pairs.flatMap((p) => [p.lot_id, p.location_id, p.quantity]),
        knex("lot_allocation").insert(allocations),
        knex("lot_movement").insert(movements),
        pairs.length,
      ]
    )
  } catch (e) {
    if ((e as { code?: string })?.code === REFUSED) {
      return null
    }
    throw e
  }
  return reserveUndo(rows)
}
