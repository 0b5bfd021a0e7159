import type { PlanTx } from "../plan-tx"
import type { OpOf } from "../types"

/** Returned units of a shipment, restocked into its lot at the return's location. */
export async function returnUnits(tx: PlanTx, op: OpOf<"return">): Promise<void> {
  const row = await tx.lockReturnable(op.allocation_id, op.quantity)
  await tx.update("lot_allocation", row, { returned_quantity: row.returned_quantity + op.quantity })
  await tx.stock(row.lot_id, op.location_id, op.quantity, 0, `return ${op.quantity}`)
  await tx.movement({
    lot_id: row.lot_id,
    inventory_item_id: row.inventory_item_id,
    location_id: op.location_id,
    type: "returned",
    quantity: op.quantity,
    reference_type: "return",
    reference_id: op.return_id,
    actor_id: op.actor_id,
    metadata: { order_id: row.order_id, line_item_id: row.line_item_id, allocation_id: row.id },
  })
}
