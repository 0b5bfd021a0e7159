import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { isExpired } from "../../../lib/expiry"
import { assertInventoryItemsExist, assertLocationsExist } from "../../utils/lookups"
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
      if (lot.expires_at && lot.manufactured_at && lot.expires_at < lot.manufactured_at) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `${label}: expires_at (${lot.expires_at}) is before manufactured_at (${lot.manufactured_at})`
        )
      }
      if (lot.manufactured_at && lot.manufactured_at > today) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `${label}: manufactured_at (${lot.manufactured_at}) is in the future (today is ${today})`
        )
      }
      if (lot.receive?.length && isExpired(lot.expires_at, today) && !lot.allow_expired) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `${label} expired on ${lot.expires_at}; receiving expired stock is refused unless allow_expired is true`
        )
      }
      const policy = policies.get(lot.inventory_item_id)!
      // A first lot makes the item tracked, so the default applies when there is no policy yet.
      if (policy.require_expiry && (policy.tracked || policy.is_default) && !lot.expires_at) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `${label}: expires_at is required for inventory item ${lot.inventory_item_id}`
        )
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
    return new StepResponse(today)
  }
)
