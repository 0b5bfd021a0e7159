import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { StockChange, StockRow } from "../types"
import type { Knex } from "./knex"
import { assertPairsNotRecalled, assertSellable } from "./lot-status"

const RETURNING = "RETURNING id, lot_id, location_id, stocked_quantity, reserved_quantity"

/**
 * Applies one stock change to a lot at a location, as one statement. Adding
 * units (nothing reserved) is an upsert, so the first receipt at a location
 * creates the row. Any other change is a conditional UPDATE: when it would
 * make stocked or reserved negative, or reserved exceed stocked, no row
 * changes and it throws what is available (`action` words the refusal, e.g.
 * "ship 2"; by default it is derived from the change). A change that names
 * a `bin` sets the row's bin too and returns the row as it was before.
 */
export async function changeStock(knex: Knex, change: StockChange, action?: string): Promise<StockRow> {
  if (change.bin === undefined) {
    return changeUnits(knex, change, action)
  }
  // A bin to set: the row is locked first, so its bin and units before the change are exact
  // (the compensation puts the bin back, the receipt records a put-away when units moved shelf).
  const { rows: before } = await knex.raw(
    `SELECT bin, stocked_quantity FROM lot_stock WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL FOR UPDATE`,
    [change.lot_id, change.location_id]
  )
  const previous = before[0] ? { bin: before[0].bin as string | null, stocked_quantity: Number(before[0].stocked_quantity) } : null
  const row = await changeUnits(knex, change, action)
  const { rows } = await knex.raw(`UPDATE lot_stock SET bin = ?, updated_at = now() WHERE id = ? RETURNING bin`, [change.bin, row.id])
  return { ...row, bin: rows[0].bin, previous }
}

/** Sets the bin of a lot's stock row at a location; null when the lot has no row there. Returns the bin it had. */
export async function setStockBin(
  knex: Knex,
  input: { lot_id: string; location_id: string; bin: string | null }
): Promise<{ id: string; previous_bin: string | null; bin: string | null } | null> {
  const { rows } = await knex.raw(
    `UPDATE lot_stock s SET bin = ?, updated_at = now()
       FROM (SELECT id, bin FROM lot_stock WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL FOR UPDATE) p
      WHERE s.id = p.id
      RETURNING s.id, p.bin AS previous_bin, s.bin`,
    [input.bin, input.lot_id, input.location_id]
  )
  return rows[0] ?? null
}

async function changeUnits(knex: Knex, change: StockChange, action?: string): Promise<StockRow> {
  const stocked = change.stocked
  const reserved = change.reserved ?? 0
  if (stocked >= 0 && reserved === 0) {
    const { rows } = await knex.raw(
      `INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity)
       VALUES (?, ?, ?, ?, 0)
       ON CONFLICT (lot_id, location_id) WHERE deleted_at IS NULL
       DO UPDATE SET stocked_quantity = lot_stock.stocked_quantity + EXCLUDED.stocked_quantity,
                     updated_at = now()
       ${RETURNING}`,
      [generateEntityId(undefined, "lotstk"), change.lot_id, change.location_id, stocked]
    )
    return rows[0]
  }
  const { rows } = await knex.raw(
    `UPDATE lot_stock
        SET stocked_quantity = stocked_quantity + ?,
            reserved_quantity = reserved_quantity + ?,
            updated_at = now()
      WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL
        AND stocked_quantity + ? >= reserved_quantity + ?
        AND reserved_quantity + ? >= 0
      ${RETURNING}`,
    [stocked, reserved, change.lot_id, change.location_id, stocked, reserved, reserved]
  )
  if (!rows[0]) {
    throw await describeShortage(knex, change, action)
  }
  return rows[0]
}

/**
 * Reserves units on several (lot, location) rows in one statement: the
 * order placement path, run for every order. The lots are read `FOR SHARE`
 * in the same statement and only sellable ones (active, not expired on
 * `today`) are reserved: a status change in flight is waited for and then
 * seen, as `assertSellable` does. Nothing is reserved unless every row had
 * the units and a sellable lot (the caller's transaction rolls back the rows
 * that did update); the refusal then names the lot, through
 * `assertSellable` or what is available.
 */
export async function reserveStockInBatch(
  knex: Knex,
  reservations: { lot_id: string; location_id: string; quantity: number }[],
  today: string,
  what: string
): Promise<void> {
  const lotIds = [...new Set(reservations.map((r) => r.lot_id))].sort()
  const { rows } = await knex.raw(
    `WITH sellable AS (
       SELECT id FROM lot
        WHERE id IN (${lotIds.map(() => "?").join(", ")}) AND deleted_at IS NULL
          AND status = 'active' AND (expires_at IS NULL OR expires_at >= ?)
        ORDER BY id FOR SHARE)
     UPDATE lot_stock s SET reserved_quantity = s.reserved_quantity + v.q, updated_at = now()
       FROM (VALUES ${reservations.map(() => "(?, ?, ?::int)").join(", ")}) AS v(lot_id, location_id, q)
      WHERE s.lot_id = v.lot_id AND s.location_id = v.location_id AND s.deleted_at IS NULL
        AND s.stocked_quantity - s.reserved_quantity >= v.q AND s.recall_id IS NULL
        AND v.lot_id IN (SELECT id FROM sellable)
      RETURNING s.lot_id, s.location_id`,
    [...lotIds, today, ...reservations.flatMap((p) => [p.lot_id, p.location_id, p.quantity])]
  )
  if (rows.length !== reservations.length) {
    // Why: a lot that may not be sold (its own message), else the units are not there.
    await assertSellable(knex, lotIds, today, what)
    await assertPairsNotRecalled(knex, reservations, what)
    const done = new Set(rows.map((r: { lot_id: string; location_id: string }) => `${r.lot_id}:${r.location_id}`))
    const missing = reservations.find((p) => !done.has(`${p.lot_id}:${p.location_id}`))!
    throw await describeShortage(knex, { lot_id: missing.lot_id, location_id: missing.location_id, stocked: 0, reserved: missing.quantity })
  }
}

/** Undoes `changeStock` (compensation): the opposite change, unconditionally. */
export async function revertStockChange(knex: Knex, change: StockChange): Promise<void> {
  await knex.raw(
    `UPDATE lot_stock SET stocked_quantity = stocked_quantity - ?, reserved_quantity = reserved_quantity - ?, updated_at = now()
      WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL`,
    [change.stocked, change.reserved ?? 0, change.lot_id, change.location_id]
  )
}

/**
 * The refusal of a stock change that found no units: what the lot has at
 * the location, in the merchant's words. The one wording for every stock
 * change (receipts, adjustments, write-offs, reservations, shipments).
 */
export async function describeShortage(knex: Knex, change: StockChange, action?: string): Promise<MedusaError> {
  const { rows } = await knex.raw(
    `SELECT l.lot_number, s.stocked_quantity, s.reserved_quantity
       FROM lot l LEFT JOIN lot_stock s
         ON s.lot_id = l.id AND s.location_id = ? AND s.deleted_at IS NULL
      WHERE l.id = ?`,
    [change.location_id, change.lot_id]
  )
  const r = rows[0]
  const lotNumber = r?.lot_number ?? change.lot_id
  const stocked = r?.stocked_quantity ?? 0
  const reserved = r?.reserved_quantity ?? 0
  const available = stocked - reserved
  const delta = change.reserved ?? 0
  const where = `at location ${change.location_id}`
  let message: string
  if (delta > 0) {
    message = `Lot ${lotNumber} has only ${available} units available ${where}; cannot ${action ?? `reserve ${delta}`}`
  } else if (delta < 0 && change.stocked === 0) {
    message = `Lot ${lotNumber} has only ${reserved} units reserved ${where}; cannot ${action ?? `release ${-delta}`}`
  } else if (delta < 0) {
    // Units leaving stock and reservation together (shipping reserved units).
    message = `Lot ${lotNumber} has ${stocked} units in stock and ${reserved} reserved ${where}; cannot ${action ?? `take ${-change.stocked} reserved`}`
  } else {
    message = `Lot ${lotNumber} has only ${available} units available ${where} (${stocked} stocked, ${reserved} reserved); cannot ${action ?? `take ${-change.stocked}`}`
  }
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, message)
}

/**
 * Sets the stocked units of a lot at a location to a counted figure and
 * returns what it was; the row is locked between read and write. Refuses a
 * count below the units reserved for orders there.
 */
export async function setCountedStock(
  knex: Knex,
  input: { lot_id: string; location_id: string; counted: number }
): Promise<{ previous: number; counted: number; reserved: number }> {
  const { rows } = await knex.raw(
    `SELECT stocked_quantity, reserved_quantity FROM lot_stock
      WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL FOR UPDATE`,
    [input.lot_id, input.location_id]
  )
  const current = rows[0] as { stocked_quantity: number; reserved_quantity: number } | undefined
  if (current && input.counted < current.reserved_quantity) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Cannot count ${input.counted} units: ${current.reserved_quantity} units of this lot are reserved for orders at this location. Release them first.`
    )
  }
  await knex.raw(
    `INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity)
     VALUES (?, ?, ?, ?, 0)
     ON CONFLICT (lot_id, location_id) WHERE deleted_at IS NULL
     DO UPDATE SET stocked_quantity = EXCLUDED.stocked_quantity, updated_at = now()`,
    [generateEntityId(undefined, "lotstk"), input.lot_id, input.location_id, input.counted]
  )
  return {
    previous: current?.stocked_quantity ?? 0,
    counted: input.counted,
    reserved: current?.reserved_quantity ?? 0,
  }
}

/** Stocked units of all lots of an item at a location. */
export async function lotStockedAt(knex: Knex, inventoryItemId: string, locationId: string): Promise<number> {
  const { rows } = await knex.raw(
    `SELECT coalesce(sum(s.stocked_quantity), 0)::int AS units
       FROM lot l JOIN lot_stock s ON s.lot_id = l.id AND s.location_id = ? AND s.deleted_at IS NULL
      WHERE l.inventory_item_id = ? AND l.deleted_at IS NULL`,
    [locationId, inventoryItemId]
  )
  return Number(rows[0]?.units ?? 0)
}
