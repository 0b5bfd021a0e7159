import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import { escapeLike } from "../../../lib/like"
import { firstFew } from "../../../lib/serial-numbers"
import type { Knex } from "./knex"

export type SerialStatus = "in_stock" | "reserved" | "shipped" | "returned" | "written_off"

/** A `lot_serial` row as the queries read it. */
export type SerialRow = {
  id: string
  serial_number: string
  inventory_item_id: string
  lot_id: string
  location_id: string | null
  status: SerialStatus
  blocked: boolean
  allocation_id: string | null
  order_id: string | null
  line_item_id: string | null
  fulfillment_id: string | null
  shipped_at: Date | null
  return_id: string | null
}

/** The columns an operation may change, and that an undo restores. */
export const SERIAL_STATE_COLUMNS = [
  "lot_id",
  "location_id",
  "status",
  "blocked",
  "allocation_id",
  "order_id",
  "line_item_id",
  "fulfillment_id",
  "shipped_at",
  "return_id",
] as const
export type SerialState = Pick<SerialRow, (typeof SERIAL_STATE_COLUMNS)[number]>

/** How an item's serials are made and kept unique (its policy row; null: not serialized). */
export async function serialPolicyOf(
  knex: Knex,
  inventoryItemId: string
): Promise<{ serial_pattern: string | null; serial_scope: "item" | "global" } | null> {
  const { rows } = await knex.raw(
    `SELECT serial_pattern, coalesce(serial_scope, 'item') AS serial_scope FROM lot_tracking_policy
      WHERE inventory_item_id = ? AND serialized AND deleted_at IS NULL`,
    [inventoryItemId]
  )
  return rows[0] ?? null
}

const COLUMNS = `id, serial_number, inventory_item_id, lot_id, location_id, status, blocked, allocation_id, order_id,
  line_item_id, fulfillment_id, shipped_at, return_id`

/**
 * Serials matching `where`, locked for the transaction, lowest number first
 * (optionally at most `limit`): the one shape of every serial an operation
 * is about to change.
 */
async function lockWhere(knex: Knex, where: string, bindings: Knex.RawBinding[], limit?: number): Promise<SerialRow[]> {
  const { rows } = await knex.raw(
    `SELECT ${COLUMNS} FROM lot_serial WHERE ${where} AND deleted_at IS NULL
      ORDER BY serial_number${limit === undefined ? "" : " LIMIT ?"} FOR UPDATE`,
    limit === undefined ? bindings : [...bindings, limit]
  )
  return rows
}

/**
 * Every insert of serials takes this transaction lock first: a receipt's
 * duplicate check and its insert are then one step for every other receipt,
 * including `global` scope, which a unique index cannot express (receipts
 * are rare next to orders, so one key is enough).
 */
export async function lockSerialNumbers(knex: Knex): Promise<void> {
  await knex.raw(`SELECT pg_advisory_xact_lock(hashtext('lot_tracking:serial_numbers'))`)
}

/**
 * The serial numbers among `numbers` already taken in the item's scope: the
 * item's own live serials, plus (scope `global`, or any item whose policy is
 * global) those of every other item.
 */
export async function takenSerialNumbers(
  knex: Knex,
  input: { inventory_item_id: string; scope: "item" | "global"; serial_numbers: string[] },
  limit: number | null = 20
): Promise<string[]> {
  if (!input.serial_numbers.length) {
    return []
  }
  const { rows } = await knex.raw(
    `SELECT DISTINCT s.serial_number FROM lot_serial s
      WHERE s.serial_number = ANY(?::text[]) AND s.deleted_at IS NULL
        AND (s.inventory_item_id = ? OR ?::boolean OR s.inventory_item_id IN (
              SELECT p.inventory_item_id FROM lot_tracking_policy p WHERE p.serial_scope = 'global' AND p.deleted_at IS NULL))
      ${limit ? `LIMIT ${Number(limit)}` : ""}`,
    [input.serial_numbers, input.inventory_item_id, input.scope === "global"]
  )
  return (rows as { serial_number: string }[]).map((r) => r.serial_number)
}

/**
 * A lot's free units at a location (stocked - reserved) beside its units
 * recalled by serial on hand: reservations must be shippable with units that
 * are not blocked, so free units may not fall below blocked ones.
 */
export async function freeAndBlocked(knex: Knex, lotId: string, locationId: string): Promise<{ free: number; blocked: number }> {
  const { rows } = await knex.raw(
    `SELECT coalesce((SELECT stocked_quantity - reserved_quantity FROM lot_stock WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL), 0)::int AS free,
            (SELECT count(*) FROM lot_serial WHERE lot_id = ? AND location_id = ? AND blocked = true
                AND status IN ('in_stock', 'reserved') AND deleted_at IS NULL)::int AS blocked`,
    [lotId, locationId, lotId, locationId]
  )
  return rows[0]
}

/** Up to 20 of the item's serial numbers that another item uses too. */
export async function serialNumbersSharedWithOtherItems(knex: Knex, inventoryItemId: string): Promise<string[]> {
  const { rows } = await knex.raw(
    `SELECT DISTINCT s.serial_number FROM lot_serial s
      WHERE s.inventory_item_id = ? AND s.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM lot_serial o WHERE o.serial_number = s.serial_number AND o.inventory_item_id <> s.inventory_item_id
                       AND o.deleted_at IS NULL)
      ORDER BY 1 LIMIT 20`,
    [inventoryItemId]
  )
  return (rows as { serial_number: string }[]).map((r) => r.serial_number)
}

/** "3 serial numbers already exist: SN-1, SN-2, SN-3": the 400 for duplicates. */
export function duplicateSerialsError(taken: string[], where = "serial_numbers"): MedusaError {
  return new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `${where}: serial number${taken.length === 1 ? "" : "s"} already in use: ${firstFew(taken)}; nothing was received`
  )
}

export type SerialHistoryInput = {
  type: string
  location_id?: string | null
  reference_type?: string | null
  reference_id?: string | null
  order_id?: string | null
  reason?: string | null
  actor_id?: string | null
}

/** Inserts serials of one lot at one location, in stock, with their `received` history. Returns their ids. */
export async function insertSerials(
  knex: Knex,
  input: { lot_id: string; inventory_item_id: string; location_id: string; serial_numbers: string[] },
  history: SerialHistoryInput
): Promise<{ serial_ids: string[]; history_ids: string[] }> {
  const ids = input.serial_numbers.map(() => generateEntityId(undefined, "lotsrl"))
  // unnest: one statement for 10,000 serials, not 10,000 rows of bindings.
  await knex.raw(
    `INSERT INTO lot_serial (id, serial_number, inventory_item_id, lot_id, location_id, status)
     SELECT u.id, u.serial_number, ?, ?, ?, 'in_stock' FROM unnest(?::text[], ?::text[]) AS u(id, serial_number)`,
    [input.inventory_item_id, input.lot_id, input.location_id, ids, input.serial_numbers]
  )
  const history_ids = await insertSerialHistory(
    knex,
    ids.map((id) => ({ serial_id: id, lot_id: input.lot_id })),
    { location_id: input.location_id, ...history }
  )
  return { serial_ids: ids, history_ids }
}

/** One history row per serial (same type and reference). Returns the ids. */
export async function insertSerialHistory(
  knex: Knex,
  serials: { serial_id: string; lot_id: string; location_id?: string | null }[],
  entry: SerialHistoryInput
): Promise<string[]> {
  if (!serials.length) {
    return []
  }
  const ids = serials.map(() => generateEntityId(undefined, "lotsmv"))
  await knex.raw(
    `INSERT INTO lot_serial_movement (id, serial_id, lot_id, location_id, type, reference_type, reference_id, order_id, reason, actor_id)
     SELECT u.id, u.serial_id, u.lot_id, COALESCE(u.location_id, ?), ?, ?, ?, ?, ?, ?
       FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(id, serial_id, lot_id, location_id)`,
    [
      entry.location_id ?? null,
      entry.type,
      entry.reference_type ?? null,
      entry.reference_id ?? null,
      entry.order_id ?? null,
      entry.reason ?? null,
      entry.actor_id ?? null,
      ids,
      serials.map((s) => s.serial_id),
      serials.map((s) => s.lot_id),
      serials.map((s) => s.location_id ?? null) as string[],
    ]
  )
  return ids
}

/** The serials of an item (in its scope) by number, locked for the transaction. */
export async function lockSerialsByNumber(knex: Knex, inventoryItemId: string, numbers: string[]): Promise<SerialRow[]> {
  return numbers.length ? lockWhere(knex, `inventory_item_id = ? AND serial_number = ANY(?::text[])`, [inventoryItemId, numbers]) : []
}

/** Serials by id, locked. */
export async function lockSerialsById(knex: Knex, ids: string[]): Promise<SerialRow[]> {
  return ids.length ? lockWhere(knex, `id = ANY(?::text[])`, [ids]) : []
}

/** Serials by number across items (read-only; for validating a request before the plan). */
export async function findSerialsByNumber(
  knex: Knex,
  numbers: string[],
  filters: { inventory_item_id?: string[] } = {}
): Promise<(SerialRow & { lot_number: string; lot_status: string; expires_at: string | null })[]> {
  if (!numbers.length) {
    return []
  }
  const bindings: Knex.RawBinding[] = [numbers]
  let where = ""
  if (filters.inventory_item_id?.length) {
    where = `AND s.inventory_item_id = ANY(?::text[])`
    bindings.push(filters.inventory_item_id)
  }
  const { rows } = await knex.raw(
    `SELECT s.id, s.serial_number, s.inventory_item_id, s.lot_id, s.location_id, s.status, s.blocked, s.allocation_id,
            s.order_id, s.line_item_id, s.fulfillment_id, s.shipped_at, s.return_id,
            l.lot_number, l.status AS lot_status, l.expires_at
       FROM lot_serial s JOIN lot l ON l.id = s.lot_id
      WHERE s.serial_number = ANY(?::text[]) AND s.deleted_at IS NULL ${where}
      ORDER BY s.serial_number`,
    bindings
  )
  return rows
}

/**
 * Up to `quantity` serials of a lot at a location a shipment may take:
 * reserved for this line first, then in stock, lowest number first; never a
 * blocked one or one reserved for another line. Locked. Two reads in index
 * order (a lot may hold a million serials: no sort of them all).
 */
export async function lockShippableSerials(
  knex: Knex,
  input: { lot_id: string; location_id: string; line_item_id: string; quantity: number }
): Promise<SerialRow[]> {
  const reserved = await lockWhere(
    knex,
    `line_item_id = ? AND status = 'reserved' AND lot_id = ? AND location_id = ? AND NOT blocked`,
    [input.line_item_id, input.lot_id, input.location_id],
    input.quantity
  )
  if (reserved.length >= input.quantity) {
    return reserved
  }
  const free = await lockWhere(
    knex,
    `lot_id = ? AND location_id = ? AND status = 'in_stock' AND NOT blocked`,
    [input.lot_id, input.location_id],
    input.quantity - reserved.length
  )
  return [...reserved, ...free]
}

/** The lowest `quantity` serials of a lot in stock (not reserved) at a location, locked. */
export async function lockFreeSerials(knex: Knex, lotId: string, locationId: string, quantity: number): Promise<SerialRow[]> {
  return lockWhere(knex, `lot_id = ? AND location_id = ? AND status = 'in_stock'`, [lotId, locationId], quantity)
}

/** Serials on an allocation in a status, lowest number first, locked. */
export async function lockAllocationSerials(knex: Knex, allocationId: string, status: SerialStatus): Promise<SerialRow[]> {
  return lockWhere(knex, `allocation_id = ? AND status = ?`, [allocationId, status])
}

/** Serials of a lot at a location in stock (not reserved) named by number, locked; for write-off and transfer. */
export async function lockSerialsOfLot(knex: Knex, lotId: string, numbers: string[]): Promise<SerialRow[]> {
  return lockWhere(knex, `lot_id = ? AND serial_number = ANY(?::text[])`, [lotId, numbers])
}

/** Sets the state columns of serials (one patch for all). */
export async function updateSerials(knex: Knex, ids: string[], patch: Partial<SerialState>): Promise<void> {
  if (!ids.length) {
    return
  }
  await knex("lot_serial")
    .whereIn("id", ids)
    .update({ ...patch, updated_at: knex.fn.now() })
}

/** Restores the state columns of serials, one statement for any number of rows. */
export async function restoreSerials(knex: Knex, rows: ({ id: string } & SerialState)[]): Promise<void> {
  if (!rows.length) {
    return
  }
  await knex.raw(
    `UPDATE lot_serial s SET lot_id = p.lot_id, location_id = p.location_id, status = p.status, blocked = p.blocked,
            allocation_id = p.allocation_id, order_id = p.order_id, line_item_id = p.line_item_id,
            fulfillment_id = p.fulfillment_id, shipped_at = p.shipped_at, return_id = p.return_id, updated_at = now()
       FROM jsonb_to_recordset(?::jsonb) AS p(id text, lot_id text, location_id text, status text, blocked boolean, allocation_id text,
            order_id text, line_item_id text, fulfillment_id text, shipped_at timestamptz, return_id text)
      WHERE s.id = p.id`,
    [JSON.stringify(rows)]
  )
}

/** Deletes rows by id (undo of inserts). */
export async function deleteRows(knex: Knex, table: "lot_serial" | "lot_serial_movement", ids: string[]): Promise<void> {
  if (ids.length) {
    await knex.raw(`DELETE FROM ${table} WHERE id = ANY(?::text[])`, [ids])
  }
}

/**
 * Next `count` generated serial numbers of a pattern: the counter advances
 * by `count` in one atomic upsert, so receipts racing get disjoint ranges;
 * numbers already taken in the scope (typed by staff) are skipped by taking
 * more.
 */
export async function nextSerialNumbers(
  knex: Knex,
  input: {
    inventory_item_id: string
    scope: "item" | "global"
    sequence_key: string
    render: (sequence: number) => string
    count: number
  }
): Promise<string[]> {
  const out: string[] = []
  for (let attempt = 0; out.length < input.count; attempt++) {
    if (attempt >= 100) {
      throw new MedusaError(MedusaError.Types.CONFLICT, "Could not generate free serial numbers; name them instead")
    }
    const need = input.count - out.length
    const { rows } = await knex.raw(
      `INSERT INTO lot_number_sequence (id, key, last_value) VALUES (?, ?, ?)
       ON CONFLICT (key) WHERE deleted_at IS NULL
       DO UPDATE SET last_value = lot_number_sequence.last_value + EXCLUDED.last_value, updated_at = now()
       RETURNING last_value`,
      [generateEntityId(undefined, "lotseq"), input.sequence_key, need]
    )
    const last = Number(rows[0].last_value)
    const candidates = Array.from({ length: need }, (_, i) => input.render(last - need + 1 + i))
    const taken = new Set(
      await takenSerialNumbers(knex, { ...input, serial_numbers: candidates }, null)
    )
    out.push(...candidates.filter((c) => !taken.has(c)))
  }
  return out
}

export type SerialListFilters = {
  q?: string
  id?: string[]
  inventory_item_id?: string[]
  lot_id?: string[]
  location_id?: string[]
  status?: SerialStatus[]
  order_id?: string[]
  serial_number?: string[]
}

/** Serials with their lot, filtered and paginated; `q` matches the number exactly or as a prefix. */
export async function listSerials(
  knex: Knex,
  filters: SerialListFilters,
  page: { skip: number; take: number }
): Promise<{ rows: (SerialRow & { lot_number: string; expires_at: string | null; created_at: Date })[]; count: number }> {
  const where: string[] = ["s.deleted_at IS NULL"]
  const bindings: Knex.RawBinding[] = []
  if (filters.q) {
    where.push(`s.serial_number LIKE ? ESCAPE '\\'`)
    bindings.push(`${escapeLike(filters.q)}%`)
  }
  const lists: [keyof SerialListFilters, string][] = [
    ["id", "s.id"],
    ["inventory_item_id", "s.inventory_item_id"],
    ["lot_id", "s.lot_id"],
    ["location_id", "s.location_id"],
    ["status", "s.status"],
    ["order_id", "s.order_id"],
    ["serial_number", "s.serial_number"],
  ]
  for (const [key, column] of lists) {
    const values = filters[key] as string[] | undefined
    if (values?.length) {
      where.push(`${column} = ANY(?::text[])`)
      bindings.push(values)
    }
  }
  const sqlWhere = where.join(" AND ")
  // A search by number reads its matches through the pattern index and sorts them (few); a listing
  // walks the index in number order. The expression keeps the planner off the latter for a search.
  const order = filters.q ? "(s.serial_number || '')" : "s.serial_number"
  const [{ rows }, counted] = await Promise.all([
    knex.raw(
      `SELECT s.id, s.serial_number, s.inventory_item_id, s.lot_id, s.location_id, s.status, s.blocked, s.allocation_id,
              s.order_id, s.line_item_id, s.fulfillment_id, s.shipped_at, s.return_id, s.created_at,
              l.lot_number, l.expires_at
         FROM lot_serial s JOIN lot l ON l.id = s.lot_id
        WHERE ${sqlWhere}
        ORDER BY ${order}, s.id
        LIMIT ? OFFSET ?`,
      [...bindings, page.take, page.skip]
    ),
    knex.raw(`SELECT count(*)::int AS count FROM lot_serial s WHERE ${sqlWhere}`, bindings),
  ])
  return { rows, count: counted.rows[0].count }
}

/** A unit's history, oldest first, with the lot number of each entry. */
export async function serialHistory(knex: Knex, serialId: string) {
  const { rows } = await knex.raw(
    `SELECT m.id, m.type, m.lot_id, l.lot_number, m.location_id, m.reference_type, m.reference_id, m.order_id,
            m.reason, m.actor_id, m.created_at
       FROM lot_serial_movement m JOIN lot l ON l.id = m.lot_id
      WHERE m.serial_id = ? AND m.deleted_at IS NULL
      ORDER BY m.seq`,
    [serialId]
  )
  return rows as {
    id: string
    type: string
    lot_id: string
    lot_number: string
    location_id: string | null
    reference_type: string | null
    reference_id: string | null
    order_id: string | null
    reason: string | null
    actor_id: string | null
    created_at: Date
  }[]
}

/**
 * Per lot and location of the items: units in stock by lot stock, and
 * serials in stock or reserved (and reserved serials). For the policy check
 * (turning serials on) and the invariant of serialized items.
 */
export async function serialCoverage(knex: Knex, inventoryItemIds: string[]) {
  const { rows } = await knex.raw(
    `SELECT l.inventory_item_id, ls.lot_id, ls.location_id, ls.stocked_quantity, ls.reserved_quantity,
            (SELECT count(*)::int FROM lot_serial s WHERE s.lot_id = ls.lot_id AND s.location_id = ls.location_id
                AND s.status IN ('in_stock', 'reserved') AND s.deleted_at IS NULL) AS serials_on_hand,
            (SELECT count(*)::int FROM lot_serial s WHERE s.lot_id = ls.lot_id AND s.location_id = ls.location_id
                AND s.status = 'reserved' AND s.deleted_at IS NULL) AS serials_reserved
       FROM lot_stock ls JOIN lot l ON l.id = ls.lot_id
      WHERE l.inventory_item_id = ANY(?::text[]) AND ls.deleted_at IS NULL AND l.deleted_at IS NULL`,
    [inventoryItemIds]
  )
  return rows as {
    inventory_item_id: string
    lot_id: string
    location_id: string
    stocked_quantity: number
    reserved_quantity: number
    serials_on_hand: number
    serials_reserved: number
  }[]
}
