import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { LotStatus } from "../types"
import { placeholders, type Knex } from "./knex"

export type LotStatusChange = { id: string; lot_number: string; inventory_item_id: string; previous_status: LotStatus }

/**
 * Moves lots to a status only from the allowed ones, with the rows locked: a
 * release racing a recall can never make a recalled lot active. Nothing
 * changes unless every lot may move; the refusal (409) names each lot's
 * current status.
 */
export async function setLotStatuses(
  knex: Knex,
  input: { lot_ids: string[]; to: LotStatus; allowed_from: LotStatus[] }
): Promise<LotStatusChange[]> {
  const ids = [...new Set(input.lot_ids)]
  if (!ids.length) {
    return []
  }
  // Lock in id order so two status changes over the same lots cannot deadlock.
  const { rows: current } = await knex.raw(
    `SELECT id, lot_number, inventory_item_id, status FROM lot
      WHERE id IN (${placeholders(ids)}) AND deleted_at IS NULL
      ORDER BY id FOR UPDATE`,
    ids
  )
  const lots = current as { id: string; lot_number: string; inventory_item_id: string; status: LotStatus }[]
  if (lots.length !== ids.length) {
    const found = new Set(lots.map((r) => r.id))
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${ids.filter((id) => !found.has(id)).join(", ")} was not found`)
  }
  const refused = lots.filter((r) => !input.allowed_from.includes(r.status))
  if (refused.length) {
    const list = refused.map((r) => `${r.lot_number} is ${r.status}`).join(", ")
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `Cannot set ${refused.length === 1 ? "lot" : "lots"} to ${input.to}: ${list}; only ${input.allowed_from.join(" or ")} lots can be`
    )
  }
  await knex.raw(`UPDATE lot SET status = ?, updated_at = now() WHERE id IN (${placeholders(ids)})`, [input.to, ...ids])
  return lots.map((r) => ({ id: r.id, lot_number: r.lot_number, inventory_item_id: r.inventory_item_id, previous_status: r.status }))
}

/**
 * A lot's status at one location, as SQL over a lot row and its lot_stock row:
 * a recall scoped to locations blocks the pair (`lot_stock.recall_id`) while
 * the lot keeps its own status elsewhere. The one expression every read of
 * "may this pair be sold" uses (candidates, holds, order state, pick lists).
 */
export const effectiveStatusSql = (lot = "l", stock = "s") =>
  `CASE WHEN ${stock}.recall_id IS NOT NULL THEN 'recalled' ELSE ${lot}.status END`

/**
 * Units may only be reserved or shipped from a lot that is active and not
 * expired on `today`. The lot rows are read FOR SHARE inside the caller's
 * transaction: a status change (quarantine, recall) in flight makes this wait
 * and then see the new status, so a plan made on stale data is refused by the
 * database instead of shipping a blocked lot. With a location, the pair must
 * not be blocked by a recall scoped to that location either (read after the
 * lots, so in a new snapshot once a scoped recall that held them committed).
 */
export async function assertSellable(
  knex: Knex,
  lotIds: string[],
  today: string,
  what: string,
  locationId?: string | null
): Promise<void> {
  const ids = [...new Set(lotIds)].sort()
  if (!ids.length) {
    return
  }
  const { rows } = await knex.raw(
    `SELECT id, lot_number, status, expires_at FROM lot
      WHERE id IN (${placeholders(ids)}) AND deleted_at IS NULL ORDER BY id FOR SHARE`,
    ids
  )
  const byId = new Map((rows as { id: string; lot_number: string; status: string; expires_at: string | null }[]).map((r) => [r.id, r]))
  for (const id of ids) {
    const lot = byId.get(id)
    if (!lot) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${id} was not found`)
    }
    if (lot.status !== "active") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Lot ${lot.lot_number} is ${lot.status}; its units cannot be ${what}`)
    }
    if (lot.expires_at && lot.expires_at < today) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Lot ${lot.lot_number} expired on ${lot.expires_at}; its units cannot be ${what}`)
    }
  }
  if (locationId) {
    await assertPairsNotRecalled(knex, ids.map((id) => ({ lot_id: id, location_id: locationId, lot_number: byId.get(id)!.lot_number })), what)
  }
}

/** Refuses (lot, location) pairs blocked by a recall scoped to locations, naming the recall. */
export async function assertPairsNotRecalled(
  knex: Knex,
  pairs: { lot_id: string; location_id: string; lot_number?: string }[],
  what: string
): Promise<void> {
  if (!pairs.length) {
    return
  }
  const { rows } = await knex.raw(
    `SELECT s.lot_id, s.location_id, l.lot_number, r.reference
       FROM lot_stock s JOIN lot l ON l.id = s.lot_id LEFT JOIN recall r ON r.id = s.recall_id
      WHERE (s.lot_id, s.location_id) IN (${pairs.map(() => "(?, ?)").join(", ")})
        AND s.recall_id IS NOT NULL AND s.deleted_at IS NULL
      LIMIT 1`,
    pairs.flatMap((p) => [p.lot_id, p.location_id])
  )
  const blocked = rows[0] as { lot_number: string; location_id: string; reference: string | null } | undefined
  if (blocked) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Lot ${blocked.lot_number} is recalled at location ${blocked.location_id}${blocked.reference ? ` (recall ${blocked.reference})` : ""}; its units there cannot be ${what}`
    )
  }
}

/**
 * Blocks a lot's stock at the given locations for a recall scoped to them:
 * the lot rows are locked first (as a status change does, so `assertSellable`
 * waits for this), then the pairs get the recall. Refuses a pair already
 * blocked by another recall. Returns the pairs blocked (those with a stock row).
 */
export async function blockLotStockForRecall(
  knex: Knex,
  input: { recall_id: string; lot_ids: string[]; location_ids: string[] }
): Promise<{ lot_id: string; location_id: string }[]> {
  const ids = [...new Set(input.lot_ids)].sort()
  if (!ids.length || !input.location_ids.length) {
    return []
  }
  await knex.raw(`SELECT id FROM lot WHERE id IN (${placeholders(ids)}) AND deleted_at IS NULL ORDER BY id FOR UPDATE`, ids)
  const { rows: taken } = await knex.raw(
    `SELECT l.lot_number, s.location_id, r.reference
       FROM lot_stock s JOIN lot l ON l.id = s.lot_id LEFT JOIN recall r ON r.id = s.recall_id
      WHERE s.lot_id IN (${placeholders(ids)}) AND s.location_id IN (${placeholders(input.location_ids)})
        AND s.recall_id IS NOT NULL AND s.recall_id <> ? AND s.deleted_at IS NULL
      ORDER BY l.lot_number, s.location_id LIMIT 1`,
    [...ids, ...input.location_ids, input.recall_id]
  )
  if (taken[0]) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Lot ${taken[0].lot_number} is already recalled at location ${taken[0].location_id} (recall ${taken[0].reference}); a lot's stock at a location can be under one recall only`
    )
  }
  // Every scoped pair is blocked, also where the lot has no stock yet: units received or moved
  // there later (receipt, return) arrive blocked. An empty row carries the block.
  const pairs = ids.flatMap((lotId) => [...new Set(input.location_ids)].map((locationId) => [lotId, locationId] as const))
  const { rows } = await knex.raw(
    `INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity, recall_id)
     SELECT p.id, p.lot_id, p.location_id, 0, 0, ?
       FROM unnest(?::text[], ?::text[], ?::text[]) AS p(id, lot_id, location_id)
     ON CONFLICT (lot_id, location_id) WHERE deleted_at IS NULL
     DO UPDATE SET recall_id = EXCLUDED.recall_id, updated_at = now()
     RETURNING lot_id, location_id`,
    [
      input.recall_id,
      pairs.map(() => generateEntityId(undefined, "lotstk")),
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    ]
  )
  return rows
}

/** Lifts a scoped recall's block from its pairs (cancel, or compensation of the block); returns the pairs lifted. */
export async function unblockLotStockOfRecall(knex: Knex, recallId: string): Promise<{ lot_id: string; location_id: string }[]> {
  const { rows } = await knex.raw(
    `UPDATE lot_stock SET recall_id = NULL, updated_at = now() WHERE recall_id = ? AND deleted_at IS NULL RETURNING lot_id, location_id`,
    [recallId]
  )
  return rows
}

/** Puts a scoped recall's block back on pairs (compensation of lifting it). */
export async function reblockLotStock(knex: Knex, recallId: string, pairs: { lot_id: string; location_id: string }[]): Promise<void> {
  if (!pairs.length) {
    return
  }
  await knex.raw(
    `UPDATE lot_stock SET recall_id = ?, updated_at = now()
      WHERE (lot_id, location_id) IN (${pairs.map(() => "(?, ?)").join(", ")}) AND deleted_at IS NULL`,
    [recallId, ...pairs.flatMap((p) => [p.lot_id, p.location_id])]
  )
}

/** A lot's status, read FOR SHARE (it cannot change until the transaction ends); null when there is no such lot. */
export async function lotStatusForShare(knex: Knex, lotId: string): Promise<LotStatus | null> {
  const { rows } = await knex.raw(`SELECT status FROM lot WHERE id = ? AND deleted_at IS NULL FOR SHARE`, [lotId])
  return rows[0]?.status ?? null
}
