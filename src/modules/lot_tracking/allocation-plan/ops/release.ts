import { MedusaError } from "@medusajs/framework/utils"
import type { PlanTx } from "../plan-tx"
import type { AllocationRow, MovementInput, OpOf } from "../types"
import { trimReservedSerials } from "./serials"

/** Gives reserved units of an allocation back to the lot (the row, or the part released, becomes `released`). */
export async function release(tx: PlanTx, op: OpOf<"release">): Promise<void> {
  const row = await tx.lockAllocation(op.allocation_id)
  if (row.status !== "reserved" || row.quantity < op.quantity) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} has no ${op.quantity} reserved units to release`)
  }
  await tx.stock(row.lot_id, row.location_id, 0, -op.quantity, `release ${op.quantity}`)
  await tx.splitOff(row, op.quantity, { status: "released" })
  await tx.movement(releasedMovement(row, op))
  await trimReservedSerials(tx, row, op.actor_id)
}

/** The `released` movement of units given back from an allocation (also written by the batch path). */
export function releasedMovement(row: AllocationRow, op: OpOf<"release">): MovementInput {
  return {
    lot_id: row.lot_id,
    inventory_item_id: row.inventory_item_id,
    location_id: row.location_id,
    type: "released",
    quantity: -op.quantity,
    reference_type: "order",
    reference_id: row.order_id,
    reason: op.reason ?? null,
    actor_id: op.actor_id,
    metadata: { line_item_id: row.line_item_id, allocation_id: row.id },
  }
}
