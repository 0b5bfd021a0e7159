import { MedusaError } from "@medusajs/framework/utils"
import type { PlanTx } from "../plan-tx"
import type { OpOf } from "../types"
import { unshipSerials } from "./serials"

/** A canceled fulfilment: its units come back to stock, reserved again for the order line. */
export async function unfulfill(tx: PlanTx, op: OpOf<"unfulfill">): Promise<void> {
  const row = await tx.lockAllocation(op.allocation_id)
  if (row.status !== "fulfilled" || row.returned_quantity > 0) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} is not a shipment that can be canceled`)
  }
  await tx.stock(row.lot_id, row.location_id, row.quantity, row.quantity, `restore ${row.quantity}`)
  await tx.update("lot_allocation", row, { status: "reserved", fulfillment_id: null, fulfilled_at: null })
  await tx.movement({
    lot_id: row.lot_id,
    inventory_item_id: row.inventory_item_id,
    location_id: row.location_id,
    type: "fulfillment_canceled",
    quantity: row.quantity,
    reference_type: "fulfillment",
    reference_id: row.fulfillment_id!,
    reason: op.reason ?? null,
    actor_id: op.actor_id,
    metadata: { order_id: row.order_id, line_item_id: row.line_item_id, allocation_id: row.id },
  })
  await unshipSerials(tx, row, op.reason ?? null, op.actor_id)
}
