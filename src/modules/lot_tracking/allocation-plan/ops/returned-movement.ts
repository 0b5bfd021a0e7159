import type { PlanTx } from "../plan-tx"
import type { AllocationRow } from "../types"

/**
 * The ledger line of units coming back to the lot of a shipment: `returned`
 * (restocked, stock +quantity) or `return_damaged` (recorded on the lot, no
 * stock: the units are in `metadata.units`). Shared by every return operation.
 */
export function returnedMovement(
  tx: PlanTx,
  row: AllocationRow,
  op: { location_id: string; quantity: number; damaged: boolean; return_id: string; actor_id?: string | null },
  metadata: Record<string, unknown>
): Promise<string> {
  return tx.movement({
    lot_id: row.lot_id,
    inventory_item_id: row.inventory_item_id,
    location_id: op.location_id,
    type: op.damaged ? "return_damaged" : "returned",
    quantity: op.damaged ? 0 : op.quantity,
    reference_type: "return",
    reference_id: op.return_id,
    actor_id: op.actor_id,
    metadata,
  })
}
