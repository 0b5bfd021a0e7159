import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { HOLD_EXTERNAL_ID } from "../../../lib/lot-hold"
import { readReservationOrder } from "../../../read-models/order-lot-state"

export type ReservationOrder = {
  order_id: string | null
  /** Set when the reservation was the plugin's own hold (changed by hand): its pair is settled again. */
  hold_pair: { inventory_item_id: string; location_id: string } | null
}

export const resolveReservationOrderStepId = "resolve-reservation-order"

/**
 * Which order a reservation belongs to, for reservation events that do not
 * say (Medusa's `createReservationsWorkflow` / `deleteReservationsWorkflow`,
 * used by the admin's reservation screens and by apps that create orders
 * with `createOrderWorkflow`): read the reservation (deleted ones too) and
 * the order of its line item, in one statement.
 */
export const resolveReservationOrderStep = createStep(
  resolveReservationOrderStepId,
  async (input: { order_id?: string | null; reservation_id?: string | null }, { container }) => {
    if (input.order_id) {
      return new StepResponse<ReservationOrder>({ order_id: input.order_id, hold_pair: null })
    }
    if (!input.reservation_id) {
      return new StepResponse<ReservationOrder>({ order_id: null, hold_pair: null })
    }
    const reservation = await readReservationOrder(container, input.reservation_id)
    if (!reservation) {
      return new StepResponse<ReservationOrder>({ order_id: null, hold_pair: null })
    }
    if (reservation.external_id === HOLD_EXTERNAL_ID) {
      return new StepResponse<ReservationOrder>({
        order_id: null,
        hold_pair: { inventory_item_id: reservation.inventory_item_id, location_id: reservation.location_id },
      })
    }
    return new StepResponse<ReservationOrder>({ order_id: reservation.order_id, hold_pair: null })
  }
)
