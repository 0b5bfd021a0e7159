import type { PlanTx } from "../plan-tx"
import type { OpOf } from "../types"
import { returnedMovement } from "./returned-movement"

/** Returned units of a shipment, restocked into its lot at the return's location. */
export async function returnUnits(tx: PlanTx, op: OpOf<"return">): Promise<void> {
  const row = await tx.lockReturnable(op.allocation_id, op.quantity)
  await tx.update("lot_allocation", row, { returned_quantity: row.returned_quantity + op.quantity })
  await tx.stock(row.lot_id, op.location_id, op.quantity, 0, `return ${op.quantity}`)
  await returnedMovement(tx, row, { ...op, damaged: false }, { order_id: row.order_id, line_item_id: row.line_item_id, allocation_id: row.id })
}
