import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
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
    return new WorkflowResponse(result)
  }
)
