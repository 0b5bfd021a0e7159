import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotIneligibility } from "../../../lib/lot-choice"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import { planAndApplyUnderLock, revertLotPlan } from "../../steps/lot-plan"
import type { AssignOrderLotsInput } from "../index"

export const assignLineLotsStepId = "assign-line-lots"

/**
 * Staff choose the lots of a line before it ships: the line's current lot
 * reservations are released and the named lots reserved instead, at the
 * location where Medusa holds the line's stock.
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
    const lotById = new Map(lots.map((l) => [l.id, l]))
    const missing = input.lots.find((l) => !lotById.has(l.lot_id))
    if (missing) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Lot ${missing.lot_id} does not exist`)
    }
    const itemIds = [...new Set(lots.map((l) => l.inventory_item_id))]
    if (itemIds.length !== 1) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "All lots named for a line must be lots of the same inventory item")
    }
    const itemId = itemIds[0]
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
    const total = input.lots.reduce((s, l) => s + l.quantity, 0)
    if (total > reservedUnits) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `The named lots add up to ${total} units, but only ${reservedUnits} units of line item ${input.line_item_id} are still to ship`
      )
    }
    const result = await planAndApplyUnderLock(container, [itemId], async () => {
      // Statuses and dates are read under the lock: a lot quarantined or recalled
      // a moment ago is refused, never assigned.
      const policy = (await service.resolvePolicies([itemId])).get(itemId)!
      const today = await service.today()
      const fresh = new Map((await service.listLots({ id: [...lotById.keys()] })).map((l) => [l.id, l]))
      for (const l of input.lots) {
        const lot = fresh.get(l.lot_id)
        if (!lot) {
          throw new MedusaError(MedusaError.Types.INVALID_DATA, `Lot ${l.lot_id} does not exist`)
        }
        const problem = lotIneligibility({ ...lot, lot_id: lot.id, available: 1 } as any, policy, today)
        if (problem) {
          throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Lot ${lot.lot_number} cannot be assigned: ${problem.replace(/_/g, " ")}`)
        }
      }
      const current = await service.listLotAllocations({ line_item_id: input.line_item_id, inventory_item_id: itemId, status: "reserved" })
      const line = { order_id: input.order_id, line_item_id: input.line_item_id, inventory_item_id: itemId }
      const ops: AllocationOp[] = [
        ...current.map((a): AllocationOp => ({ kind: "release", allocation_id: a.id, quantity: a.quantity, reason: "lots chosen by staff", actor_id: input.actor_id })),
        ...input.lots.map(
          (l): AllocationOp => ({ kind: "reserve", ...line, lot_id: l.lot_id, location_id: reservation.location_id, quantity: l.quantity, source: "manual", actor_id: input.actor_id })
        ),
        { kind: "shortfall", ...line, location_id: reservation.location_id, quantity: reservedUnits - total },
      ]
      const holds = [...new Set([reservation.location_id, ...current.map((a) => a.location_id)])].map((location_id) => ({
        inventory_item_id: itemId,
        location_id,
      }))
      return { ops, holds }
    })
    return new StepResponse({ undo: result.undo }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
