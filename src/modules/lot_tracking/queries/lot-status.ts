import { MedusaError } from "@medusajs/framework/utils"
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
 * Units may only be reserved or shipped from a lot that is active and not
 * expired on `today`. The lot rows are read FOR SHARE inside the caller's
 * transaction: a status change (quarantine, recall) in flight makes this wait
 * and then see the new status, so a plan made on stale data is refused by the
 * database instead of shipping a blocked lot.
 */
export async function assertSellable(knex: Knex, lotIds: string[], today: string, what: string): Promise<void> {
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
}

/** A lot's status, read FOR SHARE (it cannot change until the transaction ends); null when there is no such lot. */
export async function lotStatusForShare(knex: Knex, lotId: string): Promise<LotStatus | null> {
  const { rows } = await knex.raw(`SELECT status FROM lot WHERE id = ? AND deleted_at IS NULL FOR SHARE`, [lotId])
  return rows[0]?.status ?? null
}
