import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { newLotProblem } from "../../../lib/new-lot"
import { assertInventoryItemsExist, assertLocationsExist } from "../../utils/lookups"
import { assertSupplierLotCodesFree } from "../supplier-lot-codes"
import type { NewLotInput } from "../index"

export const validateNewLotsStepId = "validate-new-lots"

/** Refuses lots whose item or locations do not exist or whose dates do not make sense, before anything is written. */
export const validateNewLotsStep = createStep(
  validateNewLotsStepId,
  async (lots: NewLotInput[], { container }) => {
    const service = lotService(container)
    const today = await service.today()
    await assertInventoryItemsExist(container, lots.map((l) => l.inventory_item_id))
    await assertLocationsExist(container, lots.flatMap((l) => (l.receive ?? []).map((r) => r.location_id)))
    const policies = await service.resolvePolicies(lots.map((l) => l.inventory_item_id))

    for (const lot of lots) {
      const label = lot.lot_number ? `Lot ${lot.lot_number}` : "The lot"
      const problem = newLotProblem(
        {
          inventory_item_id: lot.inventory_item_id,
          lot_number: lot.lot_number,
          manufactured_at: lot.manufactured_at,
          expires_at: lot.expires_at,
          receiving: !!lot.receive?.length,
          allow_expired: lot.allow_expired,
        },
        today,
        policies.get(lot.inventory_item_id)!
      )
      if (problem) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
      }
      const seen = new Set<string>()
      for (const r of lot.receive ?? []) {
        if (seen.has(r.location_id)) {
          throw new MedusaError(
            MedusaError.Types.INVALID_DATA,
            `${label}: location ${r.location_id} appears twice in receive; give one quantity per location`
          )
        }
        seen.add(r.location_id)
      }
      if (lot.lot_number) {
        const [existing] = await service.listLots(
          { inventory_item_id: lot.inventory_item_id, lot_number: lot.lot_number },
          { select: ["id"] }
        )
        if (existing) {
          throw new MedusaError(
            MedusaError.Types.DUPLICATE_ERROR,
            `Lot number ${lot.lot_number} already exists for inventory item ${lot.inventory_item_id} (${existing.id})`
          )
        }
      }
    }
    await assertSupplierLotCodesFree(
      container,
      lots.filter((l) => l.supplier_lot_code).map((l) => ({
        inventory_item_id: l.inventory_item_id,
        supplier: l.supplier ?? null,
        supplier_lot_code: l.supplier_lot_code!,
      }))
    )
    return new StepResponse(today)
  }
)
