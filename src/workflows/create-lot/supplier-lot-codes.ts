import { MedusaError } from "@medusajs/framework/utils"
import { lotService } from "../../modules/lot_tracking/resolve"
import type { Resolver } from "../../types/container"

export type SupplierCodeClaim = {
  inventory_item_id: string
  supplier: string | null
  supplier_lot_code: string
  /** The lot being updated (its own code is no clash). */
  except_lot_id?: string | null
}

/** The unique index that keeps supplier lot codes unique per item and supplier (an expression index). */
export const SUPPLIER_CODE_INDEX = "IDX_lot_item_supplier_lot_code_unique"

function clashError(claim: SupplierCodeClaim, lot: { id: string; lot_number: string }) {
  const supplier = claim.supplier ? ` from supplier ${claim.supplier}` : ""
  return new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `Supplier lot code ${claim.supplier_lot_code}${supplier} is already on lot ${lot.lot_number} (${lot.id}) of this inventory item; a supplier code is unique per item and supplier`
  )
}

/**
 * Refuses supplier lot codes another lot of the same item and supplier
 * already holds (400 naming that lot). The same code on another item or
 * from another supplier is fine: suppliers reuse codes.
 */
export async function assertSupplierLotCodesFree(container: Resolver, claims: SupplierCodeClaim[]) {
  if (!claims.length) {
    return
  }
  const clashes = await lotService(container).findLotsBySupplierCode(claims)
  for (const claim of claims) {
    const lot = clashes.find(
      (l) =>
        l.inventory_item_id === claim.inventory_item_id &&
        l.supplier_lot_code === claim.supplier_lot_code &&
        (l.supplier ?? "").toLowerCase() === (claim.supplier ?? "").toLowerCase() &&
        l.id !== claim.except_lot_id
    )
    if (lot) {
      throw clashError(claim, lot)
    }
  }
}

/**
 * A unique violation from writing lots: when a supplier code lost a race
 * (the index decides between two requests), the same 400 as the check
 * before; otherwise null (the caller maps its own duplicates).
 */
export async function supplierCodeRaceError(container: Resolver, error: unknown, claims: SupplierCodeClaim[]): Promise<MedusaError | null> {
  if (!claims.length || !/already exists|unique|duplicate/i.test(String((error as Error)?.message ?? error))) {
    return null
  }
  try {
    await assertSupplierLotCodesFree(container, claims)
  } catch (e) {
    return e as MedusaError
  }
  return null
}
