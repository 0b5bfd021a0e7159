import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { openingBalanceProblem, type ExistingLot } from "../../../lib/opening-balance"
import { pairStock } from "../../../read-models/unassigned-stock"
import { assertInventoryItemsExist, assertLocationsExist } from "../../utils/lookups"
import { assertSupplierLotCodesFree } from "../../create-lot/supplier-lot-codes"
import type { OpenLotBalanceInput } from "../index"

export const validateOpeningBalanceStepId = "validate-opening-balance"

export type OpeningBalancePlan = {
  today: string
  /** Per line, in order: the existing lot it adds to, or null (a new lot). */
  existing: (ExistingLot | null)[]
  sku: string | null
  location_name: string | null
}

/**
 * Checks everything before anything is written: the item and location
 * exist, Medusa has an inventory level there, the lines follow the
 * opening-balance rules (`src/lib/opening-balance.ts`: the create-lot date
 * rules for new lots, agreement with existing ones, no lot twice) and ask
 * for no more than the unassigned units (checked again under the lock when
 * writing), and new supplier codes are free.
 */
export const validateOpeningBalanceStep = createStep(
  validateOpeningBalanceStepId,
  async (input: OpenLotBalanceInput, { container }) => {
    const service = lotService(container)
    await assertInventoryItemsExist(container, [input.inventory_item_id])
    await assertLocationsExist(container, [input.location_id])
    const [stock, policies, today] = await Promise.all([
      pairStock(container, input.inventory_item_id, input.location_id),
      service.resolvePolicies([input.inventory_item_id]),
      service.today(),
    ])
    const location = stock.location_name ?? input.location_id
    if (!stock.level_exists) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Inventory item ${stock.sku ?? input.inventory_item_id} has no inventory level at ${location}: Medusa counts no units there, so there is nothing to put into lots (receive the lot instead)`
      )
    }
    const numbers = [...new Set(input.lots.map((l) => l.lot_number).filter((n): n is string => !!n))]
    const found = numbers.length
      ? await service.listLots({ inventory_item_id: input.inventory_item_id, lot_number: numbers })
      : []
    const existing = new Map(found.map((l: any) => [l.lot_number as string, l as ExistingLot]))
    const problem = openingBalanceProblem({
      inventory_item_id: input.inventory_item_id,
      lines: input.lots,
      existing,
      today,
      policy: policies.get(input.inventory_item_id)!,
      allow_expired: input.allow_expired,
      unassigned: stock.unassigned,
      sku: stock.sku,
      location,
    })
    if (problem) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
    }
    await assertSupplierLotCodesFree(
      container,
      input.lots
        .filter((l) => l.supplier_lot_code && !(l.lot_number && existing.has(l.lot_number)))
        .map((l) => ({ inventory_item_id: input.inventory_item_id, supplier: l.supplier ?? null, supplier_lot_code: l.supplier_lot_code! }))
    )
    const plan: OpeningBalancePlan = {
      today,
      existing: input.lots.map((l) => (l.lot_number ? existing.get(l.lot_number) ?? null : null)),
      sku: stock.sku,
      location_name: stock.location_name,
    }
    return new StepResponse(plan)
  }
)
