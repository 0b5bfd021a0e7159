import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import { planAndApplyUnderLock, revertLotPlan } from "../../steps/lot-plan"

export const restockReturnedLotsStepId = "restock-returned-lots"

/**
 * Received return units go back into the lots they were shipped from, at the
 * return's location (flow 6). A recalled lot stays recalled, so its returned
 * units are blocked with it. Only the units not yet put back for this return
 * are restocked: the same event twice, or a return received in two goes,
 * restocks each unit once.
 */
export const restockReturnedLotsStep = createStep(
  restockReturnedLotsStepId,
  async (input: { return_id: string; actor_id?: string | null }, { container }) => {
    const service = lotService(container)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "return",
      fields: ["id", "order_id", "location_id", "items.item_id", "items.received_quantity"],
      filters: { id: input.return_id },
    })
    const ret = data[0] as any
    if (!ret?.location_id) {
      return new StepResponse({ restocked: 0, undo: [] as any[], pairs: [] as { inventory_item_id: string; location_id: string }[] }, [] as any[])
    }
    const lineIds = (ret.items ?? []).filter((i: any) => Number(i.received_quantity) > 0).map((i: any) => i.item_id)
    const before = lineIds.length
      ? await service.listLotAllocations({ line_item_id: lineIds, status: "fulfilled" }, { select: ["inventory_item_id"] })
      : []

    const result = await planAndApplyUnderLock(
      container,
      before.map((a) => a.inventory_item_id),
      async () => {
        const shipped = await service.listLotAllocations({ line_item_id: lineIds, status: "fulfilled" }, { order: { fulfilled_at: "DESC" } })
        const done = await service.listLotMovements({ reference_type: "return", reference_id: input.return_id, type: "returned" })
        const ops: AllocationOp[] = []
        for (const item of ret.items ?? []) {
          const lineAllocations = shipped.filter((a) => a.line_item_id === item.item_id)
          // Per inventory item of the line (kits ship several).
          for (const itemId of new Set(lineAllocations.map((a) => a.inventory_item_id))) {
            const rows = lineAllocations.filter((a) => a.inventory_item_id === itemId)
            const already = done
              .filter((m) => (m.metadata as any)?.line_item_id === item.item_id && m.inventory_item_id === itemId)
              .reduce((s, m) => s + m.quantity, 0)
            // One inventory unit per line unit (kits with required_quantity > 1 are not handled yet).
            let remaining = Number(item.received_quantity) - already
            for (const a of rows) {
              const q = Math.min(remaining, a.quantity - a.returned_quantity)
              if (q > 0) {
                ops.push({ kind: "return", allocation_id: a.id, quantity: q, location_id: ret.location_id, return_id: ret.id, actor_id: input.actor_id })
                remaining -= q
              }
            }
          }
        }
        return { ops }
      }
    )
    // Where units came back: the settle step holds them if their lot is blocked, or gives them to waiting lines.
    const pairs = result.ops.length
      ? [...new Set(before.map((a) => a.inventory_item_id))].map((inventory_item_id) => ({ inventory_item_id, location_id: ret.location_id as string }))
      : []
    return new StepResponse({ restocked: result.ops.length, undo: result.undo, pairs }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)
