import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import { getLotOrThrow } from "../../utils/lookups"
import type { UpdateLotInput } from "../index"
import { assertSupplierLotCodesFree, supplierCodeRaceError } from "../../create-lot/supplier-lot-codes"

export const updateLotAttributesStepId = "update-lot-attributes"

const FIELDS = ["lot_number", "manufactured_at", "expires_at", "best_before", "supplier", "supplier_lot_code", "origin", "metadata"] as const

/** Validates the merged result (dates, unique number) and updates; compensation restores the old values. */
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
    const previous: Record<string, unknown> = { id: lot.id }
    for (const f of FIELDS) {
      if (f in input.update) {
        previous[f] = lot[f]
      }
    }
    let updated: unknown
    try {
      updated = await service.updateLots({ id: lot.id, ...input.update } as any)
    } catch (e) {
      throw (await supplierCodeRaceError(container, e, claims)) ?? e
    }
    return new StepResponse(updated, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    await lotService(container).updateLots(previous as any)
  }
)
