import type { PlanTx } from "../plan-tx"
import type { OpOf } from "../types"
import { returnedMovement } from "./returned-movement"
import { confirmAwaitingSerials } from "./serials"

/** Staff confirmed the lot of awaiting units: out of the awaiting lot, into the lot of this shipment, counted as returned. */
export async function returnLotConfirmed(tx: PlanTx, op: OpOf<"return_lot_confirmed">): Promise<void> {
  const row = await tx.lockReturnable(op.allocation_id, op.quantity)
  await tx.update("lot_allocation", row, { returned_quantity: row.returned_quantity + op.quantity })
  if (!op.damaged) {
    await tx.stock(op.from_lot_id, op.location_id, -op.quantity, 0, `move ${op.quantity} returned units to their lot`)
    await tx.stock(row.lot_id, op.location_id, op.quantity, 0, `return ${op.quantity}`)
  }
  const base = { ...op.metadata, order_id: row.order_id, line_item_id: row.line_item_id, allocation_id: row.id, units: op.quantity, damaged: op.damaged }
  await tx.movement({
    lot_id: op.from_lot_id,
    inventory_item_id: row.inventory_item_id,
    location_id: op.location_id,
    type: "return_lot_confirmed",
    quantity: op.damaged ? 0 : -op.quantity,
    reference_type: "return",
    reference_id: op.return_id,
    actor_id: op.actor_id,
    metadata: { ...base, to_lot_id: row.lot_id },
  })
  await returnedMovement(tx, row, op, { ...base, confirmed_from_lot_id: op.from_lot_id })
  await confirmAwaitingSerials(tx, row, op)
}
