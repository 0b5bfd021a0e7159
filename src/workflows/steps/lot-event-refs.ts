import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { LotRefs } from "../../lib/lot-events"
import { lotService } from "../../modules/lot_tracking/resolve"
import { itemNames } from "../../read-models/item-names"

export const lotEventRefsStepId = "lot-event-refs"

/**
 * The lot numbers, supplier codes and SKUs the plugin's events carry
 * (`src/lib/lot-events.ts`), for the lots a workflow changed: two reads,
 * nothing written. Stock and status workflows take it before they emit; the
 * order paths read lot numbers from their own plans instead (no extra
 * statement on the allocation path).
 */
export const lotEventRefsStep = createStep(lotEventRefsStepId, async (input: { lot_ids: string[] }, { container }) => {
  const ids = [...new Set(input.lot_ids.filter(Boolean))]
  if (!ids.length) {
    return new StepResponse({} as LotRefs)
  }
  const lots = (await lotService(container).listLots(
    { id: ids },
    { select: ["id", "lot_number", "supplier_lot_code", "inventory_item_id"] }
  )) as { id: string; lot_number: string; supplier_lot_code?: string | null; inventory_item_id: string }[]
  const names = await itemNames(
    container,
    lots.map((l) => l.inventory_item_id)
  )
  const refs: LotRefs = {}
  for (const l of lots) {
    refs[l.id] = {
      lot_id: l.id,
      lot_number: l.lot_number,
      supplier_lot_code: l.supplier_lot_code ?? null,
      inventory_item_id: l.inventory_item_id,
      sku: names.get(l.inventory_item_id)?.sku ?? null,
    }
  }
  return new StepResponse(refs)
})

export type AllocationRef = { lot_id: string; inventory_item_id: string; order_id: string; line_item_id: string }

export const allocationEventRefsStepId = "allocation-event-refs"

/** The lot, item and order line of allocations (returned units name their allocation), for events. One read. */
export const allocationEventRefsStep = createStep(
  allocationEventRefsStepId,
  async (input: { allocation_ids: string[] }, { container }) => {
    const ids = [...new Set(input.allocation_ids.filter(Boolean))]
    const rows = ids.length
      ? ((await lotService(container).listLotAllocations(
          { id: ids },
          { select: ["id", "lot_id", "inventory_item_id", "order_id", "line_item_id"] }
        )) as ({ id: string } & AllocationRef)[])
      : []
    return new StepResponse(
      Object.fromEntries(
        rows.map((r) => [r.id, { lot_id: r.lot_id, inventory_item_id: r.inventory_item_id, order_id: r.order_id, line_item_id: r.line_item_id }])
      ) as Record<string, AllocationRef>
    )
  }
)
