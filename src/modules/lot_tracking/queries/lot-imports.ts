import { MedusaError } from "@medusajs/framework/utils"
import { sequentialEntityIds } from "../../../lib/entity-ids"
import type { ImportLot, ResolvedImportRow } from "../../../lib/lot-import-check"
import type { LotImportMode } from "../../../lib/lot-import-rows"
import type { Knex } from "./knex"

/**
 * CSV imports of lots (docs/IMPORT.md): the statements on the plugin's own
 * tables. Lists travel as one JSON document per statement (bindings per row
 * would be thousands of parameters), and every write of an apply is tagged
 * with the import (`lot_movement.reference_type = 'lot_import'`, the lots'
 * `metadata.lot_import_id`), so the ledger itself is the undo log.
 */

export const IMPORT_REFERENCE = "lot_import"

const json = (value: unknown) => JSON.stringify(value)

/** Lots of these items with these numbers, and their stock per location (one statement each). */
export async function findImportLots(
  knex: Knex,
  input: { inventory_item_ids: string[]; lot_numbers: string[] }
): Promise<{ lots: ImportLot[]; stock: { lot_id: string; location_id: string; stocked: number; reserved: number }[] }> {
  if (!input.inventory_item_ids.length || !input.lot_numbers.length) {
    return { lots: [], stock: [] }
  }
  const { rows: lots } = await knex.raw(
    `SELECT l.id, l.inventory_item_id, l.lot_number, l.status, l.manufactured_at, l.expires_at, l.best_before,
            l.supplier, l.supplier_lot_code
       FROM lot l
      WHERE l.deleted_at IS NULL
        AND l.inventory_item_id IN (SELECT jsonb_array_elements_text(?::jsonb))
        AND l.lot_number IN (SELECT jsonb_array_elements_text(?::jsonb))`,
    [json(input.inventory_item_ids), json(input.lot_numbers)]
  )
  if (!lots.length) {
    return { lots: [], stock: [] }
  }
  const { rows: stock } = await knex.raw(
    `SELECT s.lot_id, s.location_id, s.stocked_quantity::int AS stocked, s.reserved_quantity::int AS reserved
       FROM lot_stock s
      WHERE s.deleted_at IS NULL AND s.lot_id IN (SELECT jsonb_array_elements_text(?::jsonb))`,
    [json(lots.map((l: ImportLot) => l.id))]
  )
  return { lots, stock }
}

/** `item\u0000code` of supplier lot codes the items' lots without a supplier already use (a new lot has none). */
export async function supplierCodesTaken(knex: Knex, input: { inventory_item_ids: string[]; codes: string[] }): Promise<Set<string>> {
  if (!input.inventory_item_ids.length || !input.codes.length) {
    return new Set()
  }
  const { rows } = await knex.raw(
    `SELECT inventory_item_id, supplier_lot_code FROM lot
      WHERE deleted_at IS NULL AND coalesce(supplier, '') = ''
        AND inventory_item_id IN (SELECT jsonb_array_elements_text(?::jsonb))
        AND supplier_lot_code IN (SELECT jsonb_array_elements_text(?::jsonb))`,
    [json(input.inventory_item_ids), json(input.codes)]
  )
  return new Set(rows.map((r: { inventory_item_id: string; supplier_lot_code: string }) => `${r.inventory_item_id}\u0000${r.supplier_lot_code}`))
}

/** `item\u0000serial` of these serial numbers already used by the items. */
export async function serialsTaken(knex: Knex, input: { inventory_item_ids: string[]; serial_numbers: string[] }): Promise<Set<string>> {
  if (!input.inventory_item_ids.length || !input.serial_numbers.length) {
    return new Set()
  }
  const { rows } = await knex.raw(
    `SELECT inventory_item_id, serial_number FROM lot_serial
      WHERE deleted_at IS NULL
        AND inventory_item_id IN (SELECT jsonb_array_elements_text(?::jsonb))
        AND serial_number IN (SELECT jsonb_array_elements_text(?::jsonb))`,
    [json(input.inventory_item_ids), json(input.serial_numbers)]
  )
  return new Set(rows.map((r: { inventory_item_id: string; serial_number: string }) => `${r.inventory_item_id}\u0000${r.serial_number}`))
}

/** Writes resolved rows of a preview (one statement per call; the caller batches). */
export async function insertImportRows(knex: Knex, importId: string, rows: ResolvedImportRow[]): Promise<void> {
  if (!rows.length) {
    return
  }
  const ids = sequentialEntityIds("lotimr", rows.length)
  await knex.raw(
    `INSERT INTO lot_import_row (id, import_id, row_number, data, created_at, updated_at)
     SELECT x.id, ?, x.row_number, x.data, now(), now()
       FROM jsonb_to_recordset(?::jsonb) AS x(id text, row_number int, data jsonb)`,
    [importId, json(rows.map((r, i) => ({ id: ids[i], row_number: r.row, data: r })))]
  )
}

/** Up to `limit` rows after `after_row`, in file order. */
export async function listImportRows(
  knex: Knex,
  input: { import_id: string; after_row: number; limit: number }
): Promise<ResolvedImportRow[]> {
  const { rows } = await knex.raw(
    `SELECT data FROM lot_import_row
      WHERE import_id = ? AND row_number > ? AND deleted_at IS NULL
      ORDER BY row_number LIMIT ?`,
    [input.import_id, input.after_row, input.limit]
  )
  return rows.map((r: { data: ResolvedImportRow }) => r.data)
}

/** Moves a preview without row errors to `running`, atomically: the one confirm that wins. */
export async function claimImport(knex: Knex, importId: string): Promise<boolean> {
  const { rows } = await knex.raw(
    `UPDATE lot_import SET status = 'running', confirmed_at = now(), processed = 0, updated_at = now()
      WHERE id = ? AND status = 'preview' AND error_count = 0 AND deleted_at IS NULL
      RETURNING id`,
    [importId]
  )
  return rows.length === 1
}

/**
 * Creates the new lots of an import's rows (rows without a lot yet; one lot
 * per item and lot number, attributes from its first row), tagged with the
 * import, and writes each lot's id into its rows. Returns how many it made.
 */
export async function createImportLots(knex: Knex, input: { import_id: string }): Promise<number> {
  const { rows: counted } = await knex.raw(
    `SELECT count(DISTINCT (data->>'inventory_item_id', data->>'lot_number'))::int AS n
       FROM lot_import_row WHERE import_id = ? AND deleted_at IS NULL AND (data->>'lot_id') IS NULL`,
    [input.import_id]
  )
  const count = Number(counted[0]?.n ?? 0)
  if (!count) {
    return 0
  }
  const ids = sequentialEntityIds("lot", count)
  try {
    await knex.raw(
      `WITH first AS (
         SELECT DISTINCT ON (data->>'inventory_item_id', data->>'lot_number') data
           FROM lot_import_row
          WHERE import_id = :import AND deleted_at IS NULL AND (data->>'lot_id') IS NULL
          ORDER BY data->>'inventory_item_id', data->>'lot_number', row_number),
       numbered AS (SELECT data, row_number() OVER () - 1 AS n FROM first)
       INSERT INTO lot (id, inventory_item_id, lot_number, manufactured_at, expires_at, best_before, received_at,
                        supplier_lot_code, status, metadata, created_at, updated_at)
       SELECT CAST(:ids AS jsonb)->>(n::int), data->>'inventory_item_id', data->>'lot_number', data->>'manufactured_at',
              data->>'expires_at', data->>'best_before', now(), data->>'supplier_lot_code', 'active',
              jsonb_build_object('lot_import_id', CAST(:import AS text)), now(), now()
         FROM numbered`,
      { import: input.import_id, ids: json(ids) }
    )
  } catch (e) {
    // A lot number or supplier code taken since the preview: the unique indexes decide.
    if (/unique|duplicate key/i.test((e as Error).message)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `A lot number or supplier lot code of the file was taken since the preview (${(e as { detail?: string }).detail ?? (e as Error).message}); nothing was changed, upload the file again`
      )
    }
    throw e
  }
  await knex.raw(
    `UPDATE lot_import_row r SET data = jsonb_set(r.data, '{lot_id}', to_jsonb(l.id)), updated_at = now()
       FROM lot l
      WHERE r.import_id = :import AND r.deleted_at IS NULL AND (r.data->>'lot_id') IS NULL
        AND l.inventory_item_id = r.data->>'inventory_item_id' AND l.lot_number = r.data->>'lot_number'
        AND l.deleted_at IS NULL AND l.metadata->>'lot_import_id' = :import`,
    { import: input.import_id }
  )
  return count
}

/** Removes the lots an import created (compensation): their stock rows and serials first; hard deletes, they never existed. */
export async function deleteImportLots(knex: Knex, importId: string): Promise<void> {
  const created = `SELECT id FROM lot WHERE metadata->>'lot_import_id' = ?`
  await knex.raw(`DELETE FROM lot_stock WHERE lot_id IN (${created})`, [importId])
  await knex.raw(`DELETE FROM lot WHERE id IN (${created})`, [importId])
  // The rows go back to naming no lot, as at preview.
  await knex.raw(
    `UPDATE lot_import_row SET data = jsonb_set(data, '{lot_id}', 'null'::jsonb)
      WHERE import_id = ? AND NOT EXISTS (SELECT 1 FROM lot l WHERE l.id = data->>'lot_id')`,
    [importId]
  )
}

/**
 * Applies a chunk of rows to lot stock with its ledger lines, in the
 * caller's transaction, as three statements whatever the chunk's size:
 * receive and opening balance add the units (a first receipt at a location
 * creates the row), a count sets the counted figure (never below the units
 * reserved for orders). A row's bin is set on the stock row; units already
 * there on another shelf moving with it get a `put_away` line. Each ledger
 * line keeps what the undo needs (`new_stock_row`, `previous_bin`).
 */
export async function applyImportChunk(
  knex: Knex,
  input: { import_id: string; mode: LotImportMode; actor_id: string | null; rows: ResolvedImportRow[] }
): Promise<void> {
  const rows = input.rows
  if (!rows.length) {
    return
  }
  const ids = sequentialEntityIds("lotmov", rows.length * 2)
  const stockIds = sequentialEntityIds("lotstk", rows.length)
  const values = rows.map((r, i) => ({
    lot_id: r.lot_id,
    location_id: r.location_id,
    inventory_item_id: r.inventory_item_id,
    quantity: r.quantity,
    bin: r.bin,
    row: r.row,
    stock_id: stockIds[i],
    mid: ids[2 * i],
    pid: ids[2 * i + 1],
  }))
  const counting = input.mode === "count"
  const movementType = input.mode === "receive" ? "received" : input.mode === "opening_balance" ? "opening_balance" : "adjusted"
  if (!counting) {
    // A lot recalled (or removed) since the preview takes no units: the import fails and changes nothing.
    const { rows: blocked } = await knex.raw(
      `SELECT v."row", l.lot_number, l.status, l.deleted_at
         FROM jsonb_to_recordset(?::jsonb) AS v(lot_id text, "row" int)
         JOIN lot l ON l.id = v.lot_id
        WHERE l.status = 'recalled' OR l.deleted_at IS NOT NULL
        ORDER BY v."row" LIMIT 1
        FOR SHARE OF l`,
      [json(values.map((v) => ({ lot_id: v.lot_id, row: v.row })))]
    )
    if (blocked[0]) {
      const b = blocked[0]
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Row ${b.row}: lot ${b.lot_number} was ${b.deleted_at ? "deleted" : "recalled"} since the preview; stock cannot be put into it. Nothing was changed`
      )
    }
  }
  const { rows: result } = await knex.raw(
    `WITH v AS (
       SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb))
         AS x(lot_id text, location_id text, inventory_item_id text, quantity int, bin text, "row" int, stock_id text, mid text, pid text)),
     old AS (
       SELECT s.id, s.lot_id, s.location_id, s.stocked_quantity, s.reserved_quantity, s.bin
         FROM lot_stock s JOIN v ON v.lot_id = s.lot_id AND v.location_id = s.location_id
        WHERE s.deleted_at IS NULL
        FOR UPDATE OF s),
     changed AS (
       ${
         counting
           ? `UPDATE lot_stock s SET stocked_quantity = v.quantity, bin = coalesce(v.bin, s.bin), updated_at = now()
                FROM v JOIN old ON old.lot_id = v.lot_id AND old.location_id = v.location_id
               WHERE s.id = old.id AND v.quantity >= old.reserved_quantity
               RETURNING s.lot_id`
           : `INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity, bin, created_at, updated_at)
              SELECT v.stock_id, v.lot_id, v.location_id, v.quantity, 0, v.bin, now(), now() FROM v
              ON CONFLICT (lot_id, location_id) WHERE deleted_at IS NULL
              DO UPDATE SET stocked_quantity = lot_stock.stocked_quantity + EXCLUDED.stocked_quantity,
                            bin = coalesce(EXCLUDED.bin, lot_stock.bin), updated_at = now()
              RETURNING lot_stock.lot_id`
       }),
     ledger AS (
       INSERT INTO lot_movement (id, lot_id, inventory_item_id, location_id, type, quantity, reason, reference_type, reference_id,
                                 actor_id, metadata, created_at, updated_at)
       SELECT v.mid, v.lot_id, v.inventory_item_id, v.location_id, :type,
              ${counting ? "v.quantity - coalesce(old.stocked_quantity, 0)" : "v.quantity"},
              ${counting ? "'count import'" : "NULL"}, :reference, :import, :actor,
              jsonb_strip_nulls(jsonb_build_object(
                'row', v."row", 'new_stock_row', old.id IS NULL, 'previous_bin', old.bin, 'bin', v.bin,
                'counted', ${counting ? "v.quantity" : "NULL::int"}, 'previous', ${counting ? "old.stocked_quantity" : "NULL::int"})),
              now(), now()
         FROM v LEFT JOIN old ON old.lot_id = v.lot_id AND old.location_id = v.location_id
       UNION ALL
       -- Units already on another shelf move with the new bin: a put-away line (no stock change).
       SELECT v.pid, v.lot_id, v.inventory_item_id, v.location_id, 'put_away', 0, NULL, :reference, :import, :actor,
              jsonb_build_object('from_bin', old.bin, 'to_bin', v.bin, 'row', v."row"), now(), now()
         FROM v JOIN old ON old.lot_id = v.lot_id AND old.location_id = v.location_id
        WHERE v.bin IS NOT NULL AND old.bin IS DISTINCT FROM v.bin AND old.stocked_quantity > 0
       RETURNING 1)
     SELECT (SELECT count(*) FROM changed)::int AS changed, (SELECT count(*) FROM v)::int AS wanted,
            (SELECT count(*) FROM ledger)::int AS lines`,
    {
      rows: json(values),
      type: movementType,
      reference: IMPORT_REFERENCE,
      import: input.import_id,
      actor: input.actor_id,
    }
  )
  if (result[0].changed !== result[0].wanted) {
    throw await describeRefusedCount(knex, rows)
  }
}

/** Why a count chunk could not be applied: the first row whose lot is gone or now has more units reserved. */
async function describeRefusedCount(knex: Knex, rows: ResolvedImportRow[]): Promise<MedusaError> {
  const { rows: found } = await knex.raw(
    `SELECT v."row", l.lot_number, s.reserved_quantity, v.quantity
       FROM jsonb_to_recordset(?::jsonb) AS v(lot_id text, location_id text, quantity int, "row" int)
       LEFT JOIN lot l ON l.id = v.lot_id AND l.deleted_at IS NULL
       LEFT JOIN lot_stock s ON s.lot_id = v.lot_id AND s.location_id = v.location_id AND s.deleted_at IS NULL
      WHERE s.id IS NULL OR v.quantity < s.reserved_quantity
      ORDER BY v."row" LIMIT 1`,
    [json(rows.map((r) => ({ lot_id: r.lot_id, location_id: r.location_id, quantity: r.quantity, row: r.row })))]
  )
  const f = found[0]
  const message = !f
    ? "A counted lot changed since the preview"
    : f.reserved_quantity === null
      ? `Row ${f.row}: lot ${f.lot_number ?? "?"} has no stock at that location any more`
      : `Row ${f.row}: cannot count ${f.quantity} units of lot ${f.lot_number}: ${f.reserved_quantity} units are now reserved for orders there`
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, `${message}; nothing was changed, upload the file again`)
}

/**
 * Undoes an import's stock changes from its ledger lines (compensation),
 * in the caller's transaction: each (lot, location) gets the opposite of
 * what the import's lines say, its bin back, rows the import created (and
 * left empty) go, and the lines are removed: what they describe never
 * happened. Safe to run twice (the second finds no lines).
 */
export async function revertImportStock(knex: Knex, importId: string): Promise<void> {
  await knex.raw(
    `WITH lines AS (
       DELETE FROM lot_movement WHERE reference_type = :reference AND reference_id = :import
       RETURNING lot_id, location_id, type, quantity, metadata, created_at),
     per_stock AS (
       SELECT lot_id, location_id, sum(quantity) FILTER (WHERE type <> 'put_away')::int AS units,
              bool_or((metadata->>'new_stock_row')::boolean) AS created,
              bool_or(jsonb_exists(metadata, 'bin') AND type <> 'put_away') AS bin_set,
              (array_agg(metadata->>'previous_bin' ORDER BY created_at) FILTER (WHERE type <> 'put_away'))[1] AS previous_bin
         FROM lines GROUP BY lot_id, location_id)
     UPDATE lot_stock s
        SET stocked_quantity = s.stocked_quantity - coalesce(p.units, 0),
            bin = CASE WHEN p.bin_set THEN p.previous_bin ELSE s.bin END,
            updated_at = now()
       FROM per_stock p
      WHERE s.lot_id = p.lot_id AND s.location_id = p.location_id AND s.deleted_at IS NULL`,
    { reference: IMPORT_REFERENCE, import: importId }
  )
}

/**
 * Stock rows an import created that are empty again after its undo: rows of
 * its lots and locations with nothing in them and no ledger line at all
 * (any row that held stock has one).
 */
export async function deleteEmptyImportStockRows(knex: Knex, importId: string): Promise<void> {
  await knex.raw(
    `DELETE FROM lot_stock s USING lot_import_row r
      WHERE r.import_id = ? AND r.deleted_at IS NULL
        AND s.lot_id = r.data->>'lot_id' AND s.location_id = r.data->>'location_id'
        AND s.stocked_quantity = 0 AND s.reserved_quantity = 0
        AND NOT EXISTS (SELECT 1 FROM lot_movement m WHERE m.lot_id = s.lot_id AND m.location_id = s.location_id)`,
    [importId]
  )
}

/** Per (item, location), how much the import's ledger lines changed stocked units (what Medusa's levels must follow). */
export async function importStockChanges(
  knex: Knex,
  importId: string
): Promise<{ inventory_item_id: string; location_id: string; units: number }[]> {
  const { rows } = await knex.raw(
    `SELECT inventory_item_id, location_id, sum(quantity)::int AS units
       FROM lot_movement WHERE reference_type = ? AND reference_id = ? AND type <> 'put_away'
      GROUP BY inventory_item_id, location_id ORDER BY inventory_item_id, location_id`,
    [IMPORT_REFERENCE, importId]
  )
  return rows
}

/** The (item, location) pairs of an import's rows with the units the rows give there. */
export async function importPairs(
  knex: Knex,
  importId: string
): Promise<{ inventory_item_id: string; location_id: string; units: number }[]> {
  const { rows } = await knex.raw(
    `SELECT data->>'inventory_item_id' AS inventory_item_id, data->>'location_id' AS location_id,
            sum((data->>'quantity')::int)::int AS units
       FROM lot_import_row WHERE import_id = ? AND deleted_at IS NULL
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [importId]
  )
  return rows
}

/** Gives rows without a lot number the numbers generated for them (the first row of each such lot). */
export async function rowsWithoutLotNumber(knex: Knex, importId: string): Promise<{ id: string; inventory_item_id: string }[]> {
  const { rows } = await knex.raw(
    `SELECT id, data->>'inventory_item_id' AS inventory_item_id FROM lot_import_row
      WHERE import_id = ? AND deleted_at IS NULL AND (data->>'lot_number') IS NULL AND (data->>'lot_id') IS NULL
      ORDER BY row_number`,
    [importId]
  )
  return rows
}

export async function setRowLotNumbers(knex: Knex, numbers: { id: string; lot_number: string }[]): Promise<void> {
  if (!numbers.length) {
    return
  }
  await knex.raw(
    `UPDATE lot_import_row r SET data = jsonb_set(r.data, '{lot_number}', to_jsonb(x.lot_number)), updated_at = now()
       FROM jsonb_to_recordset(?::jsonb) AS x(id text, lot_number text) WHERE r.id = x.id`,
    [json(numbers)]
  )
}


/** Progress of a running import: written on its own, outside the apply's transactions, so the admin sees it move. */
export async function setImportProgress(knex: Knex, importId: string, processed: number): Promise<void> {
  await knex.raw(`UPDATE lot_import SET processed = ?, updated_at = now() WHERE id = ?`, [processed, importId])
}
