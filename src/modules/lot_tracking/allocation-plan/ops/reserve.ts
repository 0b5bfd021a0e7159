import { newAllocation, type PlanTx } from "../plan-tx"
import type { OpOf } from "../types"
import { reserveSerials } from "./serials"

/** Reserves units of a lot for an order line: a `reserved` allocation and its movement. */
export async function reserve(tx: PlanTx, op: OpOf<"reserve">): Promise<void> {
  await tx.assertSellable([op.lot_id], "reserved", op.location_id)
  await tx.stock(op.lot_id, op.location_id, 0, op.quantity, `reserve ${op.quantity}`)
  const id = await tx.insert("lot_allocation", newAllocation(op, "reserved", op.source ?? "auto"))
  await tx.movement({
    lot_id: op.lot_id,
    inventory_item_id: op.inventory_item_id,
    location_id: op.location_id,
    type: "reserved",
    quantity: op.quantity,
    reference_type: "order",
    reference_id: op.order_id,
    reason: op.reason ?? null,
    actor_id: op.actor_id,
    metadata: { line_item_id: op.line_item_id, allocation_id: id },
  })
  if (op.serial_numbers?.length) {
    await reserveSerials(tx, op, id)
  }
}
