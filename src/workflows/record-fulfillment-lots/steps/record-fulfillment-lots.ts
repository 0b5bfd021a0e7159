import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { chooseLots, lotIneligibility, orderCandidates } from "../../../lib/lot-choice"
import { lotService } from "../../../modules/lot_tracking/resolve"
import type { AllocationOp } from "../../../modules/lot_tracking/allocation-plan"
import { planAndApplyUnderLock, revertLotPlan, type LotPlanUndo } from "../../steps/lot-plan"
import type { RecordFulfillmentLotsInput } from "../index"

export const recordFulfillmentLotsStepId = "record-fulfillment-lots"

const REASONS: Record<string, string> = {
  quarantined: "is quarantined",
  recalled: "is recalled",
  expired: "is expired",
  short_shelf_life: "has less shelf life left than the item's minimum",
  no_stock: "has no stock",
}

/**
 * Ties every shipped unit of a tracked item to a lot: named lots first
 * (staff's choice), else the line's reservations at the shipping location in
 * the item's picking order, else fresh lots there by strategy. Reservations
 * the shipment did not use are released so lot reservations follow Medusa's.
 * A line that lots cannot cover stops the fulfilment with a message saying
 * what is missing. Everything is read and decided under the item lock.
 */
export const recordFulfillmentLotsStep = createStep(
  recordFulfillmentLotsStepId,
  async (input: RecordFulfillmentLotsInput, { container }) => {
    const service = lotService(container)
    const policies = await service.resolvePolicies(input.items.map((i) => i.inventory_item_id).filter(Boolean) as string[])
    const tracked = input.items.filter((i) => i.inventory_item_id && policies.get(i.inventory_item_id)?.tracked)
    const named = input.lots ?? []

    for (const n of named) {
      if (!input.items.some((i) => i.line_item_id === n.line_item_id)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `additional_data.lots names line item ${n.line_item_id}, which is not in this fulfillment`)
      }
    }
    const untrackedNamed = named.find((n) => !tracked.some((t) => t.line_item_id === n.line_item_id))
    if (untrackedNamed) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Line item ${untrackedNamed.line_item_id} is not tracked by lot; remove it from additional_data.lots`
      )
    }
    if (!tracked.length) {
      return new StepResponse({ ops: [] as AllocationOp[], undo: [] as LotPlanUndo[] }, [] as LotPlanUndo[])
    }
    const orderId = await resolveOrderId(container, input)
    const namedLotIds = [...new Set(named.map((n) => n.lot_id))]

    const result = await planAndApplyUnderLock(
      container,
      tracked.map((i) => i.inventory_item_id!),
      async () => {
        // Everything a decision rests on is read here, under the lock: lot statuses
        // and dates, reservations, shortfalls, candidates.
        const today = await service.today()
        const namedLots = namedLotIds.length ? await service.listLots({ id: namedLotIds }) : []
        const lotById = new Map(namedLots.map((l) => [l.id, l]))
        // Every named lot must belong to a tracked inventory item of its line in this fulfilment
        // (for a kit: one of its parts); anything else is refused, never dropped.
        for (const n of named) {
          const lot = lotById.get(n.lot_id)
          if (!lot) {
            throw new MedusaError(MedusaError.Types.INVALID_DATA, `Lot ${n.lot_id} was not found`)
          }
          const lineItems = input.items.filter((i) => i.line_item_id === n.line_item_id)
          const part = lineItems.find((i) => i.inventory_item_id === lot.inventory_item_id)
          if (!part) {
            throw new MedusaError(
              MedusaError.Types.INVALID_DATA,
              `Lot ${lot.lot_number} belongs to another inventory item than line item ${n.line_item_id}${lineItems.length > 1 ? " (none of its parts)" : ""}`
            )
          }
          if (!policies.get(lot.inventory_item_id)?.tracked) {
            throw new MedusaError(
              MedusaError.Types.INVALID_DATA,
              `Line item ${n.line_item_id} is not tracked by lot (inventory item ${lot.inventory_item_id}); remove it from additional_data.lots`
            )
          }
        }
        const ops: AllocationOp[] = []
        const freshUse = new Map<string, number>()
        const holdPairs = new Map<string, { inventory_item_id: string; location_id: string }>()

        for (const item of tracked) {
          const itemId = item.inventory_item_id!
          const policy = policies.get(itemId)!
          const line = { order_id: orderId, line_item_id: item.line_item_id, inventory_item_id: itemId }
          const reserved = (await service.listLotAllocations(
            { line_item_id: item.line_item_id, inventory_item_id: itemId, status: "reserved" },
            { relations: ["lot"], order: { created_at: "ASC" } }
          )) as any[]
          // Where Medusa took the units: the fulfilment's location, unless the request named none; then
          // core decremented stock where the line was reserved (which the line's lot reservations mirror).
          const [lineShortfall] = await service.listLotShortfalls({ line_item_id: item.line_item_id, inventory_item_id: itemId })
          const at: string =
            input.location_given === false ? reserved[0]?.location_id ?? lineShortfall?.location_id ?? input.location_id : input.location_id
          holdPairs.set(`${itemId}:${at}`, { inventory_item_id: itemId, location_id: at })
          for (const a of reserved) {
            holdPairs.set(`${itemId}:${a.location_id}`, { inventory_item_id: itemId, location_id: a.location_id })
          }
          // The line's reservations it may ship from, soonest-expiring first (FEFO) or oldest first (FIFO).
          const usable = inStrategyOrder(
            reserved.filter(
              (a) =>
                a.location_id === at &&
                !lotIneligibility({ ...a.lot, lot_id: a.lot.id, available: a.quantity }, policy, today)
            ),
            policy.strategy
          )
          const left = new Map(reserved.map((a) => [a.id, a.quantity as number]))
          let shipped = 0
          let fresh = 0

          const take = (lotId: string, quantity: number) => {
            // Prefer the line's own reservation on this lot, then available units.
            let need = quantity
            for (const a of usable.filter((x) => x.lot.id === lotId)) {
              const q = Math.min(need, left.get(a.id)!)
              if (q > 0) {
                ops.push({ kind: "fulfill", ...line, allocation_id: a.id, lot_id: lotId, location_id: at, quantity: q, fulfillment_id: input.fulfillment_id, actor_id: input.actor_id })
                left.set(a.id, left.get(a.id)! - q)
                need -= q
              }
            }
            if (need > 0) {
              ops.push({ kind: "fulfill", ...line, allocation_id: null, lot_id: lotId, location_id: at, quantity: need, fulfillment_id: input.fulfillment_id, actor_id: input.actor_id })
              freshUse.set(lotId, (freshUse.get(lotId) ?? 0) + need)
              fresh += need
            }
            shipped += quantity
          }

          const namedForLine = named.filter((n) => n.line_item_id === item.line_item_id && lotById.get(n.lot_id)?.inventory_item_id === itemId)
          if (namedForLine.length) {
            const total = namedForLine.reduce((s, n) => s + n.quantity, 0)
            if (total !== item.quantity) {
              throw new MedusaError(
                MedusaError.Types.INVALID_DATA,
                `additional_data.lots for line item ${item.line_item_id} add up to ${total} units, but ${item.quantity} are being fulfilled`
              )
            }
            for (const n of namedForLine) {
              const lot = lotById.get(n.lot_id)!
              const problem = lotIneligibility({ ...lot, lot_id: lot.id, available: 1 } as any, { ...policy, min_shelf_life_days: 0 }, today)
              if (problem) {
                throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Lot ${lot.lot_number} ${REASONS[problem]} and cannot be shipped`)
              }
              take(lot.id, n.quantity)
            }
          } else {
            for (const a of usable) {
              const q = Math.min(item.quantity - shipped, left.get(a.id)!)
              if (q > 0) {
                take(a.lot.id, q)
              }
            }
            if (shipped < item.quantity) {
              // Usable reservations are all consumed by now, so available units are what is left.
              const candidates = (await service.listCandidateLots(itemId, at)).map((c) => ({
                ...c,
                available: Math.max(0, c.available - (freshUse.get(c.lot_id) ?? 0)),
              }))
              const choice = chooseLots(item.quantity - shipped, candidates, policy, today)
              if (choice.shortfall > 0) {
                throw new MedusaError(
                  MedusaError.Types.INVALID_DATA,
                  `Cannot fulfill line item ${item.line_item_id}: ${item.quantity} units of inventory item ${itemId} must ship with a lot, but eligible lots at location ${at} cover only ${item.quantity - choice.shortfall}. Receive the stock into a lot, release a quarantined lot, or name lots in additional_data.lots.`
                )
              }
              for (const pick of choice.picks) {
                take(pick.lot_id, pick.quantity)
              }
            }
          }

          // Medusa lowered the line's reservation by every shipped unit. Units that shipped
          // from the line's own lot reservations consumed them; units shipped without one
          // cover the line's shortfall first (it is part of Medusa's reservation too), and
          // only the rest releases lot reservations: unusable ones first, then the
          // latest-expiring, so FEFO holds for what is still to ship.
          const shortfall = lineShortfall
          const coveredShortfall = Math.min(fresh, shortfall?.quantity ?? 0)
          if (shortfall && coveredShortfall > 0) {
            ops.push({ kind: "shortfall", ...line, location_id: shortfall.location_id, quantity: shortfall.quantity - coveredShortfall })
          }
          let toRelease = fresh - coveredShortfall
          const releaseOrder = [...reserved.filter((a) => !usable.includes(a)), ...[...usable].reverse()]
          for (const a of releaseOrder) {
            const q = Math.min(toRelease, left.get(a.id)!)
            if (q > 0) {
              ops.push({ kind: "release", allocation_id: a.id, quantity: q, reason: "shipped from another lot or location", actor_id: input.actor_id })
              left.set(a.id, left.get(a.id)! - q)
              toRelease -= q
            }
          }
        }
        return { ops, holds: [...holdPairs.values()] }
      }
    )
    return new StepResponse({ ops: result.ops, undo: result.undo }, result.undo)
  },
  async (undo, { container }) => revertLotPlan(undo, container)
)

/** Reservations ordered by their lots in the item's picking order (the lot choice rule's order). */
function inStrategyOrder<T extends { lot: any; quantity: number }>(reservations: T[], strategy: "fefo" | "fifo"): T[] {
  const byLot = new Map<string, T[]>()
  for (const r of reservations) {
    byLot.set(r.lot.id, [...(byLot.get(r.lot.id) ?? []), r])
  }
  const lots = [...new Map(reservations.map((r) => [r.lot.id, r.lot])).values()]
  const ordered = orderCandidates(
    lots.map((l) => ({ lot_id: l.id, lot_number: l.lot_number, status: l.status, expires_at: l.expires_at, received_at: l.received_at, available: 0 })),
    strategy
  )
  return ordered.flatMap((c) => byLot.get(c.lot_id)!)
}

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
