import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { NewLotInput } from "../index"
import { supplierCodeRaceError } from "../supplier-lot-codes"
import { lotUnitCost, storeDefaultCurrency } from "../../../read-models/unit-cost"

export const createLotsStepId = "create-lots"

/** Creates the lot rows, generating lot numbers from the pattern where none was given. */
export const createLotsStep = createStep(
  createLotsStepId,
  async (lots: NewLotInput[], { container }) => {
    const service = lotService(container)
    // Unit costs are in the store's default currency, read once; a cost finer than its minor unit is refused
    // here, before any lot exists.
    const currency = lots.some((l) => l.unit_cost != null) ? await storeDefaultCurrency(container) : null
    const costs = await Promise.all(lots.map((l) => lotUnitCost(container, l.unit_cost ?? null, currency)))
    const rows: Record<string, unknown>[] = []
    for (const [i, lot] of lots.entries()) {
      rows.push({
        inventory_item_id: lot.inventory_item_id,
        lot_number: lot.lot_number ?? (await service.generateLotNumber(lot.inventory_item_id)),
        manufactured_at: lot.manufactured_at ?? null,
        expires_at: lot.expires_at ?? null,
        best_before: lot.best_before ?? null,
        received_at: lot.received_at ? new Date(lot.received_at) : new Date(),
        supplier: lot.supplier ?? null,
        supplier_lot_code: lot.supplier_lot_code ?? null,
        origin: lot.origin ?? null,
        ...costs[i],
        metadata: lot.metadata ?? null,
      })
    }
    try {
      const created = (await service.createLots(rows as any[])) as unknown as {
        id: string
        inventory_item_id: string
        lot_number: string
      }[]
      return new StepResponse(created, created.map((l) => l.id))
    } catch (e) {
      // Two requests claiming the same supplier code, or typing the same number, at once: the unique indexes decide.
      const claims = lots
        .filter((l) => l.supplier_lot_code)
        .map((l) => ({ inventory_item_id: l.inventory_item_id, supplier: l.supplier ?? null, supplier_lot_code: l.supplier_lot_code! }))
      const codeClash = await supplierCodeRaceError(container, e, claims)
      if (codeClash) {
        throw codeClash
      }
      if (/already exists|unique/i.test((e as Error).message)) {
        throw new MedusaError(
          MedusaError.Types.DUPLICATE_ERROR,
          `Lot number ${rows.map((r) => r.lot_number).join(", ")} already exists for this inventory item`
        )
      }
      throw e
    }
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    await lotService(container).deleteLots(ids)
  }
)
