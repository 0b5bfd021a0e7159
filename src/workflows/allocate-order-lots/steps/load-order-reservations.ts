import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"

export type OrderLotLine = {
  order_id: string
  line_item_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  policy: { strategy: "fefo" | "fifo"; min_shelf_life_days: number }
}

export const loadOrderReservationsStepId = "load-order-reservations"

/**
 * The order's lines of tracked items, each with the location and quantity
 * Medusa reserved for it at checkout: lots are allocated exactly there.
 */
export const loadOrderReservationsStep = createStep(
  loadOrderReservationsStepId,
  async (input: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "order", fields: ["id", "items.id"], filters: { id: input.order_id } })
    if (!data.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${input.order_id} was not found`)
    }
    const lineIds = (data[0].items ?? []).map((i: any) => i.id)
    if (!lineIds.length) {
      return new StepResponse([] as OrderLotLine[])
    }
    const reservations = await container
      .resolve(Modules.INVENTORY)
      .listReservationItems({ line_item_id: lineIds }, { select: ["line_item_id", "inventory_item_id", "location_id", "quantity"] })
    const policies = await lotService(container).resolvePolicies(reservations.map((r) => r.inventory_item_id))
    const lines: OrderLotLine[] = reservations
      .filter((r) => policies.get(r.inventory_item_id)?.tracked)
      .map((r) => ({
        order_id: input.order_id,
        line_item_id: r.line_item_id as string,
        inventory_item_id: r.inventory_item_id,
        location_id: r.location_id,
        quantity: Number(r.quantity),
        policy: {
          strategy: policies.get(r.inventory_item_id)!.strategy,
          min_shelf_life_days: policies.get(r.inventory_item_id)!.min_shelf_life_days,
        },
      }))
    return new StepResponse(lines)
  }
)
