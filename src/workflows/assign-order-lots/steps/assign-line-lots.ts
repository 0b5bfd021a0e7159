import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { assignedItem, checkAssignedUnits, planLineAssignment, type AssignableLot } from "../../../lib/line-assignment"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { planAndApplyUnderLock, refuseAsMedusaError, revertLotPlan } from "../../utils/lot-plan"
import type { AssignOrderLotsInput } from "../index"

export const assignLineLotsStepId = "assign-line-lots"

/**
 * Staff choose the lots of a line before it ships (`planLineAssignment`,
 * `src/lib/line-assignment.ts`): the line's current lot reservations are
 * released and the named lots reserved instead, at the location where
 * Medusa holds the line's stock.
 */
export const assignLineLotsStep = createStep(
  assignLineLotsStepId,
  async (input: AssignOrderLotsInput, { container }) => {
    const service = lotService(container)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "order", fields: ["id", "items.id"], filters: { id: input.order_id } })
    if (!data.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${input.order_id} was not found`)
    }
    if (!(data[0].items ?? []).some((i: any) => i.id === input.line_item_id)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Line item ${input.line_item_id} is not part of order ${input.order_id}`)
    }
    const lots = await service.listLots({ id: [...new Set(input.lots.map((l) => l.lot_id))] })
    const itemId = refuseAsMedusaError(() => assignedItem(input.lots, lots))
    const [reservation] = await container
      .resolve(Modules.INVENTORY)
      .listReservationItems({ line_item_id: input.line_item_id, inventory_item_id: itemId })
    if (!reservation) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Line item ${input.line_item_id} has no open reservation of inventory item ${itemId}: its lots belong to another item, or it is already fulfilled`
      )
    }
    const reservedUnits = Number(reservation.quantity)
    refuseAsMedusaError(() => checkAssignedUnits(input.line_item_id, input.lots, reservedUnits))
    const result = await planAndApplyUnderLock(container, [itemId], async () => {
      // Statuses and dates are read under the lock: a lot quarantined or recalled
      // a moment ago is refused, never assigned.
      const policy = (await service.resolvePolicies([itemId])).get(itemId)!
      const today = await service.today()
      const fresh = await service.listLots({ id: lots.map((l) => l.id) })
      const current = await service.listLotAllocations({ line_item_id: input.line_item_id, inventory_item_id: itemId, status: "reserved" })
      return planLineAssignment({
        order_id: input.order_id,
        line_item_id: input.line_item_id,
        inventory_item_id: itemId,
        actor_id: input.actor_id,
        named: input.lots,
        lots: fresh as AssignableLot[],
        policy,
        today,
        reservation: { location_id: reservation.location_id, quantity: reservedUnits },
        current,
      })
    })
    return new StepResponse({ undo: result.undo }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
