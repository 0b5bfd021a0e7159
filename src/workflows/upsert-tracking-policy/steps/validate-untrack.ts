import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { UpsertTrackingPolicyInput } from "../index"

export const validateUntrackStepId = "validate-lot-tracking-off"

const units = (n: number) => `${n} unit${n === 1 ? "" : "s"}`

/**
 * Turning tracking off for an item that still has lot stock or open order
 * allocations would leave units and reservations no flow looks after any
 * more (allocation, fulfilment and the invariant check only see tracked
 * items): refused with a 409 saying what is left and what to do. Only a
 * change from tracked to untracked is checked; an item that is not tracked
 * can have its other settings saved as before. Nothing is written here.
 */
export const validateUntrackStep = createStep(
  validateUntrackStepId,
  async (input: UpsertTrackingPolicyInput, { container }) => {
    if (input.tracked !== false) {
      return new StepResponse(undefined)
    }
    const service = lotService(container)
    const itemId = input.inventory_item_id
    const [policy] = await service.listLotTrackingPolicies({ inventory_item_id: itemId }, { select: ["id", "tracked"] })
    if (!policy?.tracked) {
      return new StepResponse(undefined)
    }

    const lots = await service.listLots({ inventory_item_id: itemId }, { select: ["id"] })
    const [stock, reserved, shortfalls] = await Promise.all([
      lots.length
        ? service.listLotStocks(
            { lot_id: lots.map((l) => l.id), stocked_quantity: { $gt: 0 } } as any,
            { select: ["id", "lot_id", "stocked_quantity"] }
          )
        : Promise.resolve([]),
      service.listLotAllocations({ inventory_item_id: itemId, status: "reserved" }, { select: ["id", "quantity"] }),
      service.listLotShortfalls({ inventory_item_id: itemId }, { select: ["id", "quantity"] }),
    ])

    const stockedUnits = stock.reduce((sum, s) => sum + Number(s.stocked_quantity), 0)
    const stockedLots = new Set(stock.map((s: any) => s.lot_id)).size
    const reservedUnits = reserved.reduce((sum, a) => sum + Number(a.quantity), 0)
    const waitingUnits = shortfalls.reduce((sum, s) => sum + Number(s.quantity), 0)
    if (!stockedUnits && !reserved.length && !shortfalls.length) {
      return new StepResponse(undefined)
    }

    const left: string[] = []
    const todo: string[] = []
    if (stockedUnits) {
      left.push(`${units(stockedUnits)} in ${stockedLots} lot${stockedLots === 1 ? "" : "s"}`)
      todo.push("write off the lot stock (or count it to 0)")
    }
    if (reserved.length) {
      left.push(`${units(reservedUnits)} reserved for orders`)
    }
    if (shortfalls.length) {
      left.push(`${units(waitingUnits)} of order lines waiting for a lot`)
    }
    if (reserved.length || shortfalls.length) {
      todo.push("fulfil or cancel the orders holding them")
    }
    const list = left.length > 1 ? `${left.slice(0, -1).join(", ")} and ${left[left.length - 1]}` : left[0]
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `Inventory item ${itemId} still has ${list}; ${todo.join(" and ")} before turning tracking off.`
    )
  }
)
