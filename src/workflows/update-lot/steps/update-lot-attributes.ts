import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { getLotOrThrow } from "../../utils/lookups"
import type { UpdateLotInput } from "../index"
import { assertSupplierLotCodesFree, supplierCodeRaceError } from "../../create-lot/supplier-lot-codes"
import { lotFieldChanges, type LotFieldChange } from "../lot-edits"

export const updateLotAttributesStepId = "update-lot-attributes"

/**
 * Validates the merged result (dates, the policy's required expiry, unique
 * number) and updates; answers the lot and the fields that really changed
 * (for the edit ledger). Compensation restores the old values.
 */
export const updateLotAttributesStep = createStep(
  updateLotAttributesStepId,
  async (input: UpdateLotInput, { container }) => {
    const service = lotService(container)
    const lot = await getLotOrThrow(container, input.id)
    const next = { ...lot, ...input.update }
    if (next.expires_at && next.manufactured_at && next.expires_at < next.manufactured_at) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `expires_at (${next.expires_at}) is before manufactured_at (${next.manufactured_at})`
      )
    }
    // The item's policy requires an expiry date: no update may leave the lot without one.
    if (!next.expires_at) {
      const policy = (await service.resolvePolicies([lot.inventory_item_id])).get(lot.inventory_item_id)
      if (policy?.require_expiry) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `expires_at is required: the tracking policy of inventory item ${lot.inventory_item_id} requires an expiry date on every lot` +
            ("expires_at" in input.update ? "; it cannot be cleared" : `; lot ${lot.lot_number} has none, set expires_at with this change`)
        )
      }
    }
    if (input.update.lot_number && input.update.lot_number !== lot.lot_number) {
      const [clash] = await service.listLots(
        { inventory_item_id: lot.inventory_item_id, lot_number: input.update.lot_number },
        { select: ["id"] }
      )
      if (clash) {
        throw new MedusaError(
          MedusaError.Types.DUPLICATE_ERROR,
          `Lot number ${input.update.lot_number} already exists for inventory item ${lot.inventory_item_id} (${clash.id})`
        )
      }
    }
    // A supplier code stays unique per item and supplier: changing either may clash.
    const claims =
      next.supplier_lot_code && ("supplier_lot_code" in input.update || "supplier" in input.update)
        ? [{ inventory_item_id: lot.inventory_item_id, supplier: next.supplier ?? null, supplier_lot_code: next.supplier_lot_code, except_lot_id: lot.id }]
        : []
    await assertSupplierLotCodesFree(container, claims)
    const changes: LotFieldChange[] = lotFieldChanges(lot as Record<string, unknown>, input.update as Record<string, unknown>)
    const previous: Record<string, unknown> = { id: lot.id }
    for (const f of Object.keys(input.update)) {
      if ((input.update as Record<string, unknown>)[f] !== undefined) {
        previous[f] = (lot as Record<string, unknown>)[f] ?? null
      }
    }
    let updated: unknown
    try {
      updated = await service.updateLots({ id: lot.id, ...input.update } as any)
    } catch (e) {
      throw (await supplierCodeRaceError(container, e, claims)) ?? e
    }
    return new StepResponse({ lot: updated, inventory_item_id: lot.inventory_item_id, changes }, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    await lotService(container).updateLots(previous as any)
  }
)
