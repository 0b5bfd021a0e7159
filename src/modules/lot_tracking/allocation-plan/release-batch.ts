import { MedusaError } from "@medusajs/framework/utils"
import { sequentialEntityIds } from "../../../lib/entity-ids"
import type { Knex } from "../queries/knex"
import { releasedMovement } from "./ops/release"
import { movementRow } from "./plan-tx"
import type { AllocationRow, OpOf, UndoEntry } from "./types"

/**
 * Whole releases of reserved allocations in four statements instead of five
 * per allocation: a recall moving every reservation off its lots, an order
 * sync moving lines. Writes exactly what `release` writes (the row becomes
 * `released`, the lot's reserved units go down, a `released` movement) with
 * the same undo entries. Returns false, having changed nothing, when the
 * batch does not apply: a partial release (the row is split) or a released
 * row with reserved serials; the plan then runs op by op.
 */
export async function releaseInBatch(knex: Knex, releases: OpOf<"release">[], undo: UndoEntry[]): Promise<boolean> {
  const ids = [...new Set(releases.map((r) => r.allocation_id))].sort()
  if (ids.length !== releases.length) {
    return false
  }
  const { rows } = await knex.raw(`SELECT * FROM lot_allocation WHERE id = ANY(?) AND deleted_at IS NULL ORDER BY id FOR UPDATE`, [ids])
  const byId = new Map((rows as AllocationRow[]).map((r) => [r.id, r]))
  for (const op of releases) {
    const row = byId.get(op.allocation_id)
    if (!row) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot allocation ${op.allocation_id} was not found`)
    }
    if (row.status !== "reserved" || row.quantity < op.quantity) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} has no ${op.quantity} reserved units to release`)
    }
    if (row.quantity !== op.quantity) {
      return false
    }
  }
  const { rows: serials } = await knex.raw(
    `SELECT 1 FROM lot_serial WHERE allocation_id = ANY(?) AND status = 'reserved' AND deleted_at IS NULL LIMIT 1`,
    [ids]
  )
  if (serials.length) {
    return false
  }

  const perStock = new Map<string, { lot_id: string; location_id: string; quantity: number }>()
  for (const op of releases) {
    const row = byId.get(op.allocation_id)!
    const key = `${row.lot_id}:${row.location_id}`
    const entry = perStock.get(key) ?? { lot_id: row.lot_id, location_id: row.location_id, quantity: 0 }
    entry.quantity += op.quantity
    perStock.set(key, entry)
  }
  const stock = [...perStock.values()]
  const { rows: changed } = await knex.raw(
    `UPDATE lot_stock s SET reserved_quantity = s.reserved_quantity - v.q, updated_at = now()
       FROM (VALUES ${stock.map(() => "(?, ?, ?::int)").join(", ")}) AS v(lot_id, location_id, q)
      WHERE s.lot_id = v.lot_id AND s.location_id = v.location_id AND s.deleted_at IS NULL AND s.reserved_quantity >= v.q
      RETURNING s.lot_id`,
    stock.flatMap((p) => [p.lot_id, p.location_id, p.quantity])
  )
  if (changed.length !== stock.length) {
    // Allocations say more is reserved than the lot stock does: refuse, the transaction rolls back.
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Lot stock has fewer reserved units than the allocations to release; run reconcile")
  }
  undo.push(...stock.map((p) => ({ t: "stock" as const, lot_id: p.lot_id, location_id: p.location_id, stocked: 0, reserved: -p.quantity })))

  await knex.raw(`UPDATE lot_allocation SET status = 'released', updated_at = now() WHERE id = ANY(?)`, [ids])
  undo.push(...ids.map((id) => ({ t: "update" as const, table: "lot_allocation" as const, id, previous: { status: "reserved" } })))

  const movementIds = sequentialEntityIds("lotmov", releases.length)
  await knex("lot_movement").insert(
    releases.map((op, i) => ({ id: movementIds[i], ...movementRow(releasedMovement(byId.get(op.allocation_id)!, op)) }))
  )
  undo.push(...movementIds.map((id) => ({ t: "insert" as const, table: "lot_movement" as const, id })))
  return true
}
