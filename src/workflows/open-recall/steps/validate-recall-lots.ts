import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recallScopeProblem, type RecallScope } from "../../../lib/recall"
import { lotService } from "../../../modules/lot_tracking/resolve"

export type RecallLotRef = { id: string; lot_number: string; inventory_item_id: string; status: string }

export const validateRecallLotsStepId = "validate-recall-lots"

/**
 * The lots named for a recall must exist and must not be recalled already
 * (a lot is under one recall; a closed recall keeps its lots recalled); a
 * scope must name known locations and dates in order. Nothing is written
 * when this refuses.
 */
export const validateRecallLotsStep = createStep(
  validateRecallLotsStepId,
  async (input: { lot_ids: string[]; scope?: RecallScope | null }, { container }) => {
    await assertRecallScope(container, input.scope)
    const ids = [...new Set(input.lot_ids)]
    if (!ids.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "lot_ids must name at least one lot")
    }
    const service = lotService(container)
    const lots = await service.listLots({ id: ids }, { select: ["id", "lot_number", "inventory_item_id", "status"] })
    const found = new Set(lots.map((l) => l.id))
    const missing = ids.filter((id) => !found.has(id))
    if (missing.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        missing.length === 1 ? `Lot ${missing[0]} does not exist` : `Lots ${missing.join(", ")} do not exist`
      )
    }
    await assertNotRecalled(container, lots)
    // In the order named, so the recall lists its lots as staff typed them.
    const byId = new Map(lots.map((l) => [l.id, l]))
    return new StepResponse(
      ids.map((id) => {
        const l = byId.get(id)!
        return { id: l.id, lot_number: l.lot_number, inventory_item_id: l.inventory_item_id, status: l.status } as RecallLotRef
      })
    )
  }
)

/** Refuses lots that are recalled, naming the recall that holds each. */
export async function assertNotRecalled(
  container: { resolve: (key: string) => any },
  lots: { id: string; lot_number: string; status: string }[]
) {
  const recalled = lots.filter((l) => l.status === "recalled")
  if (!recalled.length) {
    return
  }
  const links = await lotService(container).listRecallLots(
    { lot_id: recalled.map((l) => l.id) },
    { relations: ["recall"], order: { created_at: "DESC" } }
  )
  const names = recalled.map((l) => {
    const ref = (links.find((r) => r.lot_id === l.id) as any)?.recall?.reference
    return ref ? `${l.lot_number} (recall ${ref})` : l.lot_number
  })
  throw new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `${names.length === 1 ? "Lot" : "Lots"} ${names.join(", ")} ${names.length === 1 ? "is" : "are"} already recalled; a lot can be under one recall only`
  )
}

/** A scope's dates in order and its locations known: 400 naming what is wrong. */
export async function assertRecallScope(container: { resolve: (key: string) => any }, scope: RecallScope | null | undefined) {
  const problem = recallScopeProblem(scope)
  if (problem) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
  }
  const ids = [...new Set(scope?.location_ids ?? [])]
  if (!ids.length) {
    return
  }
  const found = await container.resolve(Modules.STOCK_LOCATION).listStockLocations({ id: ids }, { select: ["id"] })
  const have = new Set(found.map((l: { id: string }) => l.id))
  const missing = ids.filter((id) => !have.has(id))
  if (missing.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `scope.location_ids: stock location${missing.length === 1 ? "" : "s"} ${missing.join(", ")} ${missing.length === 1 ? "does" : "do"} not exist`
    )
  }
}
