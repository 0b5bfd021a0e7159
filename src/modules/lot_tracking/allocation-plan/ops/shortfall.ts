import type { PlanTx } from "../plan-tx"
import type { OpOf, ShortfallRow } from "../types"

/** Sets the units of an order line still waiting for a lot: created, changed, or cleared (soft-deleted) at zero. */
export async function shortfall(tx: PlanTx, op: OpOf<"shortfall">): Promise<void> {
  const { rows } = await tx.knex.raw(
    `SELECT * FROM lot_shortfall WHERE line_item_id = ? AND inventory_item_id = ? AND deleted_at IS NULL FOR UPDATE`,
    [op.line_item_id, op.inventory_item_id]
  )
  const current = rows[0] as ShortfallRow | undefined
  if (current && op.quantity > 0) {
    await tx.update("lot_shortfall", current, { quantity: op.quantity, location_id: op.location_id })
  } else if (current) {
    await tx.update("lot_shortfall", current, { deleted_at: new Date() })
  } else if (op.quantity > 0) {
    await tx.insert("lot_shortfall", {
      order_id: op.order_id,
      line_item_id: op.line_item_id,
      inventory_item_id: op.inventory_item_id,
      location_id: op.location_id,
      quantity: op.quantity,
    })
  }
}
