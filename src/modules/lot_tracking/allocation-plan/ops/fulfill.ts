import { MedusaError } from "@medusajs/framework/utils"
import { newAllocation, type PlanTx } from "../plan-tx"
import type { OpOf } from "../types"
import { shipSerials, trimReservedSerials } from "./serials"

/**
 * Ships units of a lot in a fulfilment: from a reserved allocation (its
 * units leave stock and reservation), or, without one, from the lot's
 * available units (a new `fulfilled` allocation, source manual).
 */
export async function fulfill(tx: PlanTx, op: OpOf<"fulfill">): Promise<void> {
  await tx.assertSellable([op.lot_id], "shipped", op.location_id)
  const shipped = { fulfillment_id: op.fulfillment_id, fulfilled_at: new Date() }
  let allocationId: string
  if (op.allocation_id) {
    const row = await tx.lockAllocation(op.allocation_id)
    if (row.status !== "reserved" || row.quantity < op.quantity || row.location_id !== op.location_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} cannot ship ${op.quantity} units from ${op.location_id}`)
    }
    await tx.stock(row.lot_id, row.location_id, -op.quantity, -op.quantity, `ship ${op.quantity}`)
    allocationId = await tx.splitOff(row, op.quantity, { status: "fulfilled", ...shipped })
    if (op.serialized) {
      await shipSerials(tx, op, allocationId, shipped.fulfilled_at)
      await trimReservedSerials(tx, row, op.actor_id)
    }
  } else {
    await tx.stock(op.lot_id, op.location_id, -op.quantity, 0, `ship ${op.quantity}`)
    allocationId = await tx.insert("lot_allocation", newAllocation(op, "fulfilled", "manual", shipped))
    if (op.serialized) {
      await shipSerials(tx, op, allocationId, shipped.fulfilled_at)
    }
  }
  await tx.movement({
    lot_id: op.lot_id,
    inventory_item_id: op.inventory_item_id,
    location_id: op.location_id,
    type: "fulfilled",
    quantity: -op.quantity,
    reference_type: "fulfillment",
    reference_id: op.fulfillment_id,
    actor_id: op.actor_id,
    metadata: { order_id: op.order_id, line_item_id: op.line_item_id, allocation_id: allocationId },
  })
}
