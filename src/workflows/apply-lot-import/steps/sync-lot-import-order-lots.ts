import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { HOLD_EXTERNAL_ID } from "../../../lib/lot-hold"
import { itemsWithOrderReservations } from "../../../read-models/lot-import-facts"
import { syncItemOrderLots } from "../../utils/item-order-sync"
import { revertLotPlan, type LotPlanUndo } from "../../utils/lot-plan"

/** The reason on the `reserved` movements of order lines that get lots from an opening balance (as `open-lot-balance`). */
const OPENING_BALANCE_REASON = "opening_balance"

export const syncLotImportOrderLotsStepId = "sync-lot-import-order-lots"

/**
 * An opening balance makes items tracked whose open orders hold Medusa
 * reservations but no lots. Each such item of the import (found in one
 * statement; most items have none) gets the rule of `open-lot-balance`
 * (`syncItemOrderLots`); one undo log for all items.
 */
export const syncLotImportOrderLotsStep = createStep(
  syncLotImportOrderLotsStepId,
  async (input: { inventory_item_ids: string[]; actor_id: string | null }, { container }) => {
    const items = await itemsWithOrderReservations(container, input.inventory_item_ids, HOLD_EXTERNAL_ID)
    const undo: LotPlanUndo[] = []
    let orders = 0
    try {
      for (const item of items) {
        const synced = await syncItemOrderLots(container, item, { actor_id: input.actor_id, reason: OPENING_BALANCE_REASON })
        undo.push(...synced.undo)
        orders += synced.summary.orders
      }
    } catch (e) {
      // This step failed: its compensation does not run, so it undoes the items it did.
      await revertLotPlan(undo, container)
      throw e
    }
    return new StepResponse({ items: items.length, orders }, undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
