import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { eventContext, LotEvents, orderLotLines, type LotShippedEvent } from "../../lib/lot-events"
import { lotEventRefsStep } from "../steps/lot-event-refs"
import { recordFulfillmentLotsStep } from "./steps/record-fulfillment-lots"

export type NamedLot = { line_item_id: string; lot_id: string; quantity: number }

export type RecordFulfillmentLotsInput = {
  fulfillment_id: string
  location_id: string
  order_id?: string | null
  items: { line_item_id: string; inventory_item_id?: string | null; quantity: number }[]
  /**
   * False when the fulfilment request named no location: Medusa then takes the
   * units where the line was reserved, so lots are recorded there too.
   */
  location_given?: boolean
  /** Staff's explicit choice (`additional_data.lots` on the core fulfilment route). */
  lots?: NamedLot[]
  /** Serialized items: the units shipped (`additional_data.serials`); they decide the line's lots. */
  serials?: { line_item_id: string; serial_numbers: string[] }[]
  actor_id?: string | null
}

export const recordFulfillmentLotsWorkflowId = "record-fulfillment-lots"

/** Fulfilment: which lots left the warehouse, for whom. */
export const recordFulfillmentLotsWorkflow = createWorkflow(
  recordFulfillmentLotsWorkflowId,
  (input: RecordFulfillmentLotsInput) => {
    const result = recordFulfillmentLotsStep(input)
    // One event per fulfilment with the lots it took (emitted once this workflow succeeded); none for untracked items.
    const refs = lotEventRefsStep(
      transform({ result }, ({ result }) => ({ lot_ids: result.ops.flatMap((o) => (o.kind === "fulfill" ? [o.lot_id] : [])) }))
    )
    const shipped = transform({ result, input, refs }, ({ result, input, refs }): LotShippedEvent[] => {
      const numbers = Object.fromEntries(Object.values(refs).map((r) => [r.lot_id, r.lot_number]))
      const lines = orderLotLines(result.ops, "fulfill", numbers)
      const orderId = input.order_id ?? result.ops.find((o) => o.kind === "fulfill")?.order_id ?? null
      return lines.length ? [{ ...eventContext(input.actor_id), order_id: orderId, fulfillment_id: input.fulfillment_id, lines }] : []
    })
    emitEventStep({ eventName: LotEvents.SHIPPED, data: shipped }).config({ name: "emit-lot-shipped" })
    return new WorkflowResponse(result)
  }
)
