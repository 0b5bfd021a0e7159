import { MedusaError } from "@medusajs/framework/utils"
import { lotStatusForShare } from "../../queries/lot-status"
import type { PlanTx } from "../plan-tx"
import type { OpOf } from "../types"
import { awaitingSerials } from "./serials"

/** Returned units whose lot is not known yet: into the item's blocked "awaiting lot confirmation" lot (damaged: recorded only). */
export async function returnAwaitingLot(tx: PlanTx, op: OpOf<"return_awaiting_lot">): Promise<void> {
  // The awaiting lot must be blocked, so its units are held back from sale until their lot is confirmed.
  const status = await lotStatusForShare(tx.knex, op.lot_id)
  if (!status || status === "active") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Lot ${op.lot_id} is not a blocked lot; returned units cannot await their lot there`)
  }
  if (!op.damaged) {
    await tx.stock(op.lot_id, op.location_id, op.quantity, 0, `take ${op.quantity} returned units`)
  }
  await tx.movement({
    lot_id: op.lot_id,
    inventory_item_id: op.inventory_item_id,
    location_id: op.location_id,
    type: "return_awaiting_lot",
    quantity: op.damaged ? 0 : op.quantity,
    reference_type: "return",
    reference_id: op.return_id,
    actor_id: op.actor_id,
    metadata: { ...op.metadata, order_id: op.order_id, line_item_id: op.line_item_id, units: op.quantity, damaged: op.damaged },
  })
  await awaitingSerials(tx, op)
}
