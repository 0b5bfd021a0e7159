import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  assignedItem,
  checkAssignedUnits,
  planLineAssignment,
  type AssignableLot,
  type AssignedLot,
} from "../../../lib/line-assignment"
import { duplicateSerials, firstFew } from "../../../lib/serial-numbers"
import type { Resolver } from "../../../types/container"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { planAndApplyUnderLock, refuseAsMedusaError, revertLotPlan } from "../../utils/lot-plan"
import type { AssignOrderLotsInput } from "../index"
import { orderLotLines } from "../../../lib/lot-events"

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
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "items.id", "items.variant.inventory_items.inventory_item_id"],
      filters: { id: input.order_id },
    })
    if (!data.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${input.order_id} was not found`)
    }
    if (!(data[0].items ?? []).some((i: any) => i.id === input.line_item_id)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Line item ${input.line_item_id} is not part of order ${input.order_id}`)
    }
    // A serial number may be used by several items (scope `item`): the line's items say which.
    const lineItemIds = ((data[0].items ?? []).find((i: any) => i?.id === input.line_item_id)?.variant?.inventory_items ?? []).map(
      (p: any) => p.inventory_item_id as string
    )
    const named = input.serial_numbers?.length ? await lotsOfSerials(container, input.serial_numbers, lineItemIds) : input.lots ?? []
    const lots = await service.listLots({ id: [...new Set(named.map((l) => l.lot_id))] })
    const itemId = refuseAsMedusaError(() => assignedItem(named, lots))
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
    refuseAsMedusaError(() => checkAssignedUnits(input.line_item_id, named, reservedUnits))
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
        named,
        lots: fresh as AssignableLot[],
        policy,
        today,
        reservation: { location_id: reservation.location_id, quantity: reservedUnits },
        current,
      })
    })
    // The lots now reserved for the line, for the `lot.allocated` event.
    const lotNumbers = Object.fromEntries(lots.map((l) => [l.id, l.lot_number as string]))
    return new StepResponse({ undo: result.undo, allocated: orderLotLines(result.ops, "reserve", lotNumbers) }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)

/**
 * Staff picked serials: their lots, with the serials of each (the reserve
 * operations check and reserve them under the lock). Unknown serials, serials
 * of several items or of an item that is not serialized: 400.
 */
async function lotsOfSerials(container: Resolver, numbers: string[], lineItemIds: string[]): Promise<AssignedLot[]> {
  const service = lotService(container)
  const twice = duplicateSerials(numbers)
  if (twice.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `serial_numbers names ${firstFew(twice)} more than once`)
  }
  const found = await service.findSerialsByNumber(numbers, lineItemIds.length ? { inventory_item_id: lineItemIds } : {})
  const known = new Set(found.map((s) => s.serial_number))
  const unknown = numbers.filter((n) => !known.has(n))
  if (unknown.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Unknown serial number${unknown.length > 1 ? "s" : ""}: ${firstFew(unknown)}`)
  }
  const items = [...new Set(found.map((s) => s.inventory_item_id))]
  if (items.length > 1) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `serial_numbers must all be of one inventory item (${firstFew(numbers)} name ${items.length}); serials in use by several items, name them per line`
    )
  }
  const policy = (await service.resolvePolicies(items)).get(items[0])!
  if (!policy.serialized) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Inventory item ${items[0]} is not serialized; name lots instead`)
  }
  const byLot = new Map<string, AssignedLot>()
  for (const s of found) {
    const lot = byLot.get(s.lot_id) ?? { lot_id: s.lot_id, quantity: 0, serial_numbers: [] }
    lot.quantity++
    lot.serial_numbers!.push(s.serial_number)
    byLot.set(s.lot_id, lot)
  }
  return [...byLot.values()]
}
