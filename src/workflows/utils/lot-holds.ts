import { Modules } from "@medusajs/framework/utils"
import { HOLD_EXTERNAL_ID, holdDescription, sameHold, type Hold, type HeldLot } from "../../lib/lot-hold"
import { lotService } from "../../modules/lot_tracking/resolve"
import { listHoldReservationRows } from "../../read-models/hold-reservations"
import type { ItemLocation } from "../../modules/lot_tracking/service"
import { withInventoryLock, withLotLock } from "./lot-lock"
import type { Resolver } from "../../types/container"

/** What a hold reservation looked like before a sync changed it (null: there was none). */
export type HoldUndo = {
  t: "hold"
  inventory_item_id: string
  location_id: string
  previous: { quantity: number; lots: HeldLot[] } | null
}

type HoldReservation = {
  id: string
  inventory_item_id: string
  location_id: string
  quantity: number
  metadata: Record<string, unknown> | null
}

const key = (p: ItemLocation) => `${p.inventory_item_id}:${p.location_id}`

function holdMetadata(hold: Hold) {
  return { lot_tracking: "hold", lots: hold.lots }
}

function heldOf(r: HoldReservation): Hold {
  const lots = (r.metadata?.lots as HeldLot[] | undefined) ?? []
  return { quantity: Number(r.quantity), lots }
}

/** The hold reservations of these pairs (one statement, no ORM: read inside the lot lock whenever allocation meets a blocked lot). */
async function listHoldReservations(container: Resolver, pairs: ItemLocation[]): Promise<HoldReservation[]> {
  return listHoldReservationRows(container, [...new Map(pairs.map((p) => [key(p), p])).values()])
}

/**
 * Makes the hold reservation of each (item, location) equal to `target`
 * (created, updated, or deleted at 0). Medusa's inventory module moves the
 * level's reserved quantity with it, so checkout, the storefront and every
 * other plugin see only sellable units. Returns what it changed. The caller
 * holds the lot lock and core's inventory lock on the items: the module's
 * level update is read-modify-write.
 */
async function writeHolds(
  container: Resolver,
  targets: { pair: ItemLocation; hold: Hold }[],
  existing: HoldReservation[]
): Promise<HoldUndo[]> {
  const inventory = container.resolve(Modules.INVENTORY)
  const byPair = new Map<string, HoldReservation[]>()
  for (const r of existing) {
    byPair.set(key(r), [...(byPair.get(key(r)) ?? []), r])
  }
  const undo: HoldUndo[] = []
  const toCreate: any[] = []
  const toUpdate: any[] = []
  const toDelete: string[] = []
  for (const { pair, hold } of targets) {
    const [current, ...extra] = byPair.get(key(pair)) ?? []
    // A second hold row (made by hand, or copied) is folded into the first.
    toDelete.push(...extra.map((r) => r.id))
    const before = current ? heldOf(current) : null
    const beforeQuantity = (before?.quantity ?? 0) + extra.reduce((s, r) => s + Number(r.quantity), 0)
    if (before && !extra.length && sameHold(before, hold)) {
      continue
    }
    if (!before && hold.quantity === 0 && !extra.length) {
      continue
    }
    undo.push({
      t: "hold",
      inventory_item_id: pair.inventory_item_id,
      location_id: pair.location_id,
      previous: current ? { quantity: beforeQuantity, lots: before!.lots } : null,
    })
    if (hold.quantity === 0) {
      if (current) {
        toDelete.push(current.id)
      }
    } else if (current) {
      toUpdate.push({ id: current.id, quantity: hold.quantity, description: holdDescription(hold), metadata: holdMetadata(hold), allow_backorder: true })
    } else {
      toCreate.push({
        inventory_item_id: pair.inventory_item_id,
        location_id: pair.location_id,
        quantity: hold.quantity,
        // A hold mirrors stock that is physically there: never refused for "not enough stock".
        allow_backorder: true,
        external_id: HOLD_EXTERNAL_ID,
        description: holdDescription(hold),
        created_by: "lot_tracking",
        metadata: holdMetadata(hold),
      })
    }
  }
  if (toDelete.length) {
    await inventory.deleteReservationItems(toDelete)
  }
  if (toUpdate.length) {
    await inventory.updateReservationItems(toUpdate)
  }
  if (toCreate.length) {
    await inventory.createReservationItems(toCreate)
  }
  return undo
}

/** Whether the hold reservation(s) of a pair already say `hold` (then a sync writes nothing). */
function holdInStep(rows: HoldReservation[], hold: Hold): boolean {
  const [current, ...extra] = rows
  if (extra.length) {
    return false
  }
  return current ? sameHold(heldOf(current), hold) : hold.quantity === 0
}

/** The holds lot stock asks for where they differ from the hold reservations, with those reservations. */
async function staleHolds(container: Resolver, pairs: ItemLocation[], options: { only_raise?: boolean }) {
  const unique = [...new Map(pairs.map((p) => [key(p), p])).values()]
  if (!unique.length) {
    return { targets: [] as { pair: ItemLocation; hold: Hold }[], existing: [] as HoldReservation[] }
  }
  const [holds, existing] = await Promise.all([
    lotService(container).computeHolds(unique),
    listHoldReservations(container, unique),
  ])
  const rowsOf = new Map<string, HoldReservation[]>()
  for (const r of existing) {
    rowsOf.set(key(r), [...(rowsOf.get(key(r)) ?? []), r])
  }
  const currentQuantity = (pair: ItemLocation) => (rowsOf.get(key(pair)) ?? []).reduce((s, r) => s + Number(r.quantity), 0)
  const targets = unique
    .map((pair) => ({ pair, hold: holds.get(key(pair))! }))
    .filter(({ pair, hold }) => !holdInStep(rowsOf.get(key(pair)) ?? [], hold))
    .filter(({ pair, hold }) => !options.only_raise || hold.quantity > currentQuantity(pair))
  return { targets, existing }
}

/**
 * The pairs whose hold is not what lot stock says: read without core's lock,
 * so a plan that met a blocked or expired lot whose hold is already right
 * (the usual case) never takes core's key. The caller holds the lot lock, so
 * lot stock cannot change meanwhile; `syncHoldsLocked` reads again under
 * core's lock before it writes.
 */
export async function pairsWithStaleHolds(
  container: Resolver,
  pairs: ItemLocation[],
  options: { only_raise?: boolean } = {}
): Promise<ItemLocation[]> {
  return (await staleHolds(container, pairs, options)).targets.map((t) => t.pair)
}

/**
 * Brings the holds of these pairs in line with lot stock, computed from the
 * lot tables now. With `only_raise`, holds only grow: used before Medusa's
 * level rises, so blocked units are never for sale even for a moment. The
 * caller must hold the items' lot lock and core's inventory lock.
 */
export async function syncHoldsLocked(
  container: Resolver,
  pairs: ItemLocation[],
  options: { only_raise?: boolean } = {}
): Promise<HoldUndo[]> {
  const { targets, existing } = await staleHolds(container, pairs, options)
  return targets.length ? writeHolds(container, targets, existing) : []
}

/**
 * Same, taking the items' locks itself: the lot lock, then core's only for
 * the pairs whose hold must change.
 */
export async function syncHolds(
  container: Resolver,
  pairs: ItemLocation[],
  options: { only_raise?: boolean } = {}
): Promise<HoldUndo[]> {
  if (!pairs.length) {
    return []
  }
  return withLotLock(
    container,
    pairs.map((p) => p.inventory_item_id),
    async () => {
      const stale = await pairsWithStaleHolds(container, pairs, options)
      if (!stale.length) {
        return []
      }
      return withInventoryLock(container, stale.map((p) => p.inventory_item_id), () => syncHoldsLocked(container, stale, options))
    }
  )
}

/** Puts holds back as they were before a sync (compensation), newest change first. */
export async function revertHoldsLocked(container: Resolver, undo: HoldUndo[]): Promise<void> {
  if (!undo.length) {
    return
  }
  const pairs = undo.map((u) => ({ inventory_item_id: u.inventory_item_id, location_id: u.location_id }))
  // The first change recorded per pair holds its original state.
  const original = new Map<string, HoldUndo>()
  for (const u of undo) {
    if (!original.has(key(u))) {
      original.set(key(u), u)
    }
  }
  const existing = await listHoldReservations(container, pairs)
  await writeHolds(
    container,
    [...original.values()].map((u) => ({
      pair: { inventory_item_id: u.inventory_item_id, location_id: u.location_id },
      hold: u.previous ? { quantity: u.previous.quantity, lots: u.previous.lots } : { quantity: 0, lots: [] },
    })),
    existing
  )
}

export async function revertHolds(container: Resolver, undo: HoldUndo[] | undefined): Promise<void> {
  if (!undo?.length) {
    return
  }
  const items = undo.map((u) => u.inventory_item_id)
  await withLotLock(container, items, () => withInventoryLock(container, items, () => revertHoldsLocked(container, undo)))
}
