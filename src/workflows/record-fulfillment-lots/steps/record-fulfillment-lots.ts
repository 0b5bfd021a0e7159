import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  candidateKey,
  checkNamedLines,
  planFulfillment,
  type FulfillmentLine,
  type FulfillmentLot,
  type LineReservation,
} from "../../../lib/fulfillment-plan"
import type { CandidateLot } from "../../../lib/lot-choice"
import { attachSerials, planSerialCapture, type SerialCapture, type SerialFact } from "../../../lib/serial-capture"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import { planAndApplyUnderLock, refuseAsMedusaError, revertLotPlan, type LotPlanUndo } from "../../utils/lot-plan"
import type { RecordFulfillmentLotsInput } from "../index"

export const recordFulfillmentLotsStepId = "record-fulfillment-lots"

/**
 * Ties every shipped unit of a tracked item to a lot (`planFulfillment`,
 * `src/lib/fulfillment-plan.ts`): named lots first, else the line's
 * reservations at the shipping location in the item's picking order, else
 * fresh lots there by strategy; unused reservations are released so lot
 * reservations follow Medusa's. A line that lots cannot cover stops the
 * fulfilment. Everything the plan rests on is read under the item lock.
 */
export const recordFulfillmentLotsStep = createStep(
  recordFulfillmentLotsStepId,
  async (input: RecordFulfillmentLotsInput, { container }) => {
    const service = lotService(container)
    const policies = await service.resolvePolicies(input.items.map((i) => i.inventory_item_id).filter(Boolean) as string[])
    const tracked = input.items.filter((i) => i.inventory_item_id && policies.get(i.inventory_item_id)?.tracked)
    const requested = input.lots ?? []
    refuseAsMedusaError(() => checkNamedLines(input.items, tracked, requested))
    if (!tracked.length) {
      if (input.serials?.length) {
        refuseAsMedusaError(() => planSerialCapture({ items: [], policies, named: input.serials!, found: [], reserved: [], location_id: null }))
      }
      return new StepResponse({ ops: [] as AllocationOp[], undo: [] as LotPlanUndo[] }, [] as LotPlanUndo[])
    }
    const orderId = await resolveOrderId(container, input)
    const isSerialized = (itemId: string) => !!policies.get(itemId)?.serialized
    const serializedItemIds = [...new Set(tracked.map((i) => i.inventory_item_id!).filter(isSerialized))]

    const result = await planAndApplyUnderLock(
      container,
      tracked.map((i) => i.inventory_item_id!),
      async () => {
        // Everything a decision rests on is read here, under the lock: lot statuses
        // and dates, reservations, shortfalls, candidates.
        const today = await service.today()
        // The lines' reservations and shortfalls in one query each, not two per line.
        const lineIds = [...new Set(tracked.map((i) => i.line_item_id))]
        const itemIds = [...new Set(tracked.map((i) => i.inventory_item_id!))]
        // Serials decide the lots of their lines (read under the lock: a serial cannot change hands meanwhile).
        let capture: SerialCapture | null = null
        let named = requested
        if (serializedItemIds.length || input.serials?.length) {
          const names = (input.serials ?? []).flatMap((s) => s.serial_numbers)
          const [found, reserved] = await Promise.all([
            names.length ? service.findSerialsByNumber(names, { inventory_item_id: serializedItemIds }) : [],
            serializedItemIds.length
              ? service.listLotSerials({ line_item_id: lineIds, inventory_item_id: serializedItemIds, status: "reserved" })
              : [],
          ])
          capture = refuseAsMedusaError(() =>
            planSerialCapture({
              items: tracked as { line_item_id: string; inventory_item_id: string; quantity: number }[],
              policies,
              named: input.serials ?? [],
              found: found as SerialFact[],
              reserved: reserved as unknown as SerialFact[],
              location_id: input.location_given === false ? null : input.location_id,
            })
          )
          const decided = new Set(capture.lots.map((l) => l.line_item_id))
          named = [...requested.filter((n) => !decided.has(n.line_item_id)), ...capture.lots]
        }
        const namedLotIds = [...new Set(named.map((n) => n.lot_id))]
        const [namedLots, reservedRows, shortfallRows] = await Promise.all([
          namedLotIds.length ? service.listLots({ id: namedLotIds }) : [],
          service.listLotAllocations(
            { line_item_id: lineIds, inventory_item_id: itemIds, status: "reserved" },
            { relations: ["lot"], order: { created_at: "ASC" } }
          ),
          service.listLotShortfalls({ line_item_id: lineIds, inventory_item_id: itemIds }),
        ])
        const lineKey = (r: { line_item_id: string; inventory_item_id: string }) => `${r.line_item_id}|${r.inventory_item_id}`
        const reservedByLine = new Map<string, LineReservation[]>()
        for (const r of reservedRows) {
          reservedByLine.set(lineKey(r), [...(reservedByLine.get(lineKey(r)) ?? []), r as unknown as LineReservation])
        }
        const shortfallByLine = new Map<string, (typeof shortfallRows)[number]>()
        for (const s of shortfallRows) {
          if (!shortfallByLine.has(lineKey(s))) {
            shortfallByLine.set(lineKey(s), s)
          }
        }
        const lines: FulfillmentLine[] = tracked.map((item) => {
          const key = lineKey({ line_item_id: item.line_item_id, inventory_item_id: item.inventory_item_id! })
          return {
            line_item_id: item.line_item_id,
            inventory_item_id: item.inventory_item_id!,
            quantity: item.quantity,
            reserved: reservedByLine.get(key) ?? [],
            shortfall: shortfallByLine.get(key) ?? null,
          }
        })
        const candidates = new Map<string, CandidateLot[]>()
        for (;;) {
          const plan = planFulfillment({
            order_id: orderId,
            fulfillment_id: input.fulfillment_id,
            actor_id: input.actor_id,
            location_id: input.location_id,
            location_given: input.location_given,
            items: input.items,
            lines,
            named,
            named_lots: namedLots as FulfillmentLot[],
            policies,
            today,
            candidates,
          })
          if (!("needs_candidates" in plan)) {
            return capture ? { ...plan, ops: attachSerials(plan.ops, capture, isSerialized) } : plan
          }
          const pair = plan.needs_candidates
          candidates.set(candidateKey(pair), (await service.listCandidateLotsFor([pair])).get(candidateKey(pair)) ?? [])
        }
      }
    )
    return new StepResponse({ ops: result.ops, undo: result.undo }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)

async function resolveOrderId(container: any, input: RecordFulfillmentLotsInput): Promise<string> {
  if (input.order_id) {
    return input.order_id
  }
  const lineIds = input.items.map((i) => i.line_item_id)
  const [allocation] = await lotService(container).listLotAllocations({ line_item_id: lineIds }, { take: 1, select: ["order_id"] })
  if (allocation) {
    return allocation.order_id
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "fulfillment", fields: ["id", "order.id"], filters: { id: input.fulfillment_id } })
  const orderId = (data[0] as any)?.order?.id
  if (!orderId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Could not find the order of fulfillment ${input.fulfillment_id}`)
  }
  return orderId
}
