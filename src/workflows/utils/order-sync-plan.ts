import type { CandidateLot } from "../../lib/lot-choice"
import { planOrderLotSync, type HeldAllocation, type SyncOp, type WantedUnits } from "../../lib/order-lot-sync"
import type LotTrackingModuleService from "../../modules/lot_tracking/service"
import type { EffectivePolicy } from "../../modules/lot_tracking/types"

type Row = { line_item_id: string; inventory_item_id: string; location_id: string; quantity: number | string }

/**
 * From rows read under the item lock (Medusa's reservations, the order's
 * reserved allocations with their lots, its shortfalls) to the sync plan:
 * reads the candidate lots of every pair involved (those not read yet) and
 * calls the pure planner.
 * Shared by the order sync and reconcile's line repair, so one rule decides.
 */
export async function planOrderSyncFromRows(
  service: LotTrackingModuleService,
  input: {
    reservations: Row[]
    allocations: (Row & { id: string; lot: any })[]
    shortfalls: Row[]
    policies: Map<string, EffectivePolicy>
    today: string
    /** Candidate lots already read (keyed `item:location`); only the pairs missing here are read. */
    candidates?: Map<string, CandidateLot[]>
    /** False: read no candidates (pairs not given have none), for a check that the order is in step. */
    read_candidates?: boolean
  }
): Promise<{
  planned: SyncOp[]
  held: HeldAllocation[]
  pairs: { inventory_item_id: string; location_id: string }[]
  candidates: Map<string, CandidateLot[]>
}> {
  const wanted: WantedUnits[] = input.reservations.map((r) => ({
    line_item_id: r.line_item_id,
    inventory_item_id: r.inventory_item_id,
    location_id: r.location_id,
    quantity: Number(r.quantity),
  }))
  const pairs = [
    ...new Map(
      [...wanted, ...input.allocations, ...input.shortfalls].map((x) => [
        `${x.inventory_item_id}:${x.location_id}`,
        { inventory_item_id: x.inventory_item_id, location_id: x.location_id },
      ])
    ).values(),
  ]
  const known = input.candidates ?? new Map<string, CandidateLot[]>()
  const missing = pairs.filter((p) => !known.has(`${p.inventory_item_id}:${p.location_id}`))
  const candidates =
    missing.length && input.read_candidates !== false ? new Map([...known, ...(await service.listCandidateLotsFor(missing))]) : known
  const held: HeldAllocation[] = input.allocations.map((a) => ({
    id: a.id,
    line_item_id: a.line_item_id,
    inventory_item_id: a.inventory_item_id,
    location_id: a.location_id,
    quantity: Number(a.quantity),
    lot: { lot_id: a.lot.id, lot_number: a.lot.lot_number, status: a.lot.status, expires_at: a.lot.expires_at, received_at: a.lot.received_at },
  }))
  const planned = planOrderLotSync({
    wanted,
    allocations: held,
    shortfalls: input.shortfalls.map((s) => ({
      line_item_id: s.line_item_id,
      inventory_item_id: s.inventory_item_id,
      location_id: s.location_id,
      quantity: Number(s.quantity),
    })),
    candidatesFor: (item, location) => candidates.get(`${item}:${location}`) ?? [],
    policyFor: (item) => input.policies.get(item)!,
    today: input.today,
  })
  return { planned, held, pairs, candidates }
}
