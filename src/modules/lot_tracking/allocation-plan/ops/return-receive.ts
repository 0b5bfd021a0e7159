import type { PlanTx } from "../plan-tx"
import type { OpOf } from "../types"
import { returnedMovement } from "./returned-movement"
import { returnSerials } from "./serials"

/**
 * Received units of a return whose lot is known: counted as returned on the
 * shipment; restocked into its lot, or, when damaged, only recorded.
 */
export async function returnReceive(tx: PlanTx, op: OpOf<"return_receive">): Promise<void> {
  const row = await tx.lockReturnable(op.allocation_id, op.quantity)
  await tx.update("lot_allocation", row, { returned_quantity: row.returned_quantity + op.quantity })
  if (!op.damaged) {
    await tx.stock(row.lot_id, op.location_id, op.quantity, 0, `return ${op.quantity}`)
  }
  await returnedMovement(tx, row, op, {
    ...op.metadata,
    order_id: row.order_id,
    line_item_id: row.line_item_id,
    allocation_id: row.id,
    units: op.quantity,
    damaged: op.damaged,
  })
  if (op.serialized || op.serial_numbers?.length) {
    await returnSerials(tx, row, op)
  }
}
