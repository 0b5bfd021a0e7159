"use strict"
/**
 * Bulk data of the serials benchmark (bench/serials.js), in SQL
 * (INSERT ... SELECT generate_series) on the benchmark's migrated database.
 *
 * Two phases, because the policy is set through the API in between
 * (`serialized` is refused on an item that already holds lot stock without
 * serials, docs/SERIALS.md):
 *
 *   items(client, cfg)     `items` inventory items `iitem_srl_000`..;
 *   serials(client, cfg)   `lotsPerItem` lots per item (every other lot at the
 *                          second location), `serials` serials shared equally
 *                          by the lots, all in stock, one `received` serial
 *                          history row each, the lots' stock, their `received`
 *                          movements, and Medusa inventory levels equal to the
 *                          lot stock (the plugin's invariant and the serial
 *                          invariant: in-stock serials == stocked units).
 *
 * Serial n (0-based) is `SRL-<n, 7 digits>` with id `lotsrl_bench_<n>`, so the
 * benchmark picks random serials without asking the database, and the prefix
 * `SRL-<4 digits>` names exactly 1,000 of them. Generated serials
 * (`SN-{YYYY}-{SEQ:6}` by default) never take that shape.
 */

const DEFAULTS = { items: 10, lotsPerItem: 20, serials: 1000000 }

const itemIdSql = (i) => `'iitem_srl_' || lpad((${i})::text, 3, '0')`
const lotIdSql = (i, j) => `'lot_srl_' || lpad((${i})::text, 3, '0') || '_' || lpad((${j})::text, 3, '0')`

/** Serial number and id of serial n, as the SQL writes them. */
const serialNumber = (n) => `SRL-${String(n).padStart(7, "0")}`
const serialId = (n) => `lotsrl_bench_${n}`
const itemId = (i) => `iitem_srl_${String(i).padStart(3, "0")}`

function config(overrides = {}) {
  const cfg = { ...DEFAULTS, ...overrides }
  for (const k of Object.keys(DEFAULTS)) {
    if (!Number.isSafeInteger(cfg[k]) || cfg[k] < 1) throw new Error(`serials seed: ${k} must be a positive whole number (got ${cfg[k]})`)
  }
  if (cfg.serials > 9999999) throw new Error("serials seed: at most 9,999,999 serials (7 digits)")
  if (cfg.serials % (cfg.items * cfg.lotsPerItem)) throw new Error("serials seed: serials must split equally over items x lotsPerItem lots")
  return { ...cfg, perLot: cfg.serials / (cfg.items * cfg.lotsPerItem) }
}

/** The inventory items (before their policies). Numbers are validated integers: interpolation is safe. */
function itemStatements(cfg) {
  return [
    ["inventory items", `
      INSERT INTO inventory_item (id, sku, title, description, requires_shipping)
      SELECT ${itemIdSql("i")}, 'SRL-ITEM-' || lpad(i::text, 3, '0'), 'Serialized bench device ' || i, 'Bench item with serial numbers', true
        FROM generate_series(0, ${cfg.items - 1}) i`],
  ]
}

/** Lots, stock, movements, serials and their history; `$1`/`$2` are the two location ids. */
function serialStatements(cfg) {
  const L = cfg.lotsPerItem
  const loc = (j) => `(CASE WHEN (${j}) % 2 = 0 THEN $1::text ELSE $2::text END)`
  // Lot j of an item was received (L - j) weeks ago: older lots hold the lower serials.
  const receivedAt = (j) => `(date_trunc('day', now()) - ((${L} - (${j})) * interval '7 days'))`
  return [
    ["lots", `
      INSERT INTO lot (id, inventory_item_id, lot_number, manufactured_at, expires_at, received_at, supplier, origin, status)
      SELECT ${lotIdSql("i", "j")}, ${itemIdSql("i")}, 'SRL' || lpad(i::text, 3, '0') || '-' || lpad(j::text, 3, '0'),
             to_char(current_date - 200 + j, 'YYYY-MM-DD'),
             CASE WHEN j % 3 = 0 THEN NULL ELSE to_char(current_date + 700 + j * 10, 'YYYY-MM-DD') END,
             ${receivedAt("j")}, 'Bench Devices Ltd', 'Shenzhen, CN', 'active'
        FROM generate_series(0, ${cfg.items - 1}) i, generate_series(0, ${L - 1}) j`],
    ["serials", `
      INSERT INTO lot_serial (id, serial_number, inventory_item_id, lot_id, location_id, status, blocked, created_at, updated_at)
      SELECT 'lotsrl_bench_' || n, 'SRL-' || lpad(n::text, 7, '0'), ${itemIdSql("l / " + L)}, ${lotIdSql("l / " + L, "l % " + L)},
             ${loc("l % " + L)}, 'in_stock', false, ${receivedAt("l % " + L)}, ${receivedAt("l % " + L)}
        FROM (SELECT n, n / ${cfg.perLot} AS l FROM generate_series(0, ${cfg.serials - 1}) n) s`],
    ["serial history", `
      INSERT INTO lot_serial_movement (id, serial_id, lot_id, type, location_id, created_at, updated_at)
      SELECT 'lotsmv_bench_' || n, 'lotsrl_bench_' || n, ${lotIdSql("l / " + L, "l % " + L)}, 'received',
             ${loc("l % " + L)}, ${receivedAt("l % " + L)}, ${receivedAt("l % " + L)}
        FROM (SELECT n, n / ${cfg.perLot} AS l FROM generate_series(0, ${cfg.serials - 1}) n) s`],
    ["lot stock + receipts + levels", `
      CREATE TEMP TABLE srl_stock ON COMMIT DROP AS
      SELECT ${lotIdSql("i", "j")} AS lot_id, ${itemIdSql("i")} AS inventory_item_id, ${loc("j")} AS location_id, ${receivedAt("j")} AS received_at
        FROM generate_series(0, ${cfg.items - 1}) i, generate_series(0, ${L - 1}) j;
      INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity)
      SELECT 'lotstk_' || substr(lot_id, 5), lot_id, location_id, ${cfg.perLot}, 0 FROM srl_stock;
      INSERT INTO lot_movement (id, lot_id, inventory_item_id, location_id, type, quantity, note, created_at, updated_at)
      SELECT 'lotmov_' || substr(lot_id, 5), lot_id, inventory_item_id, location_id, 'received', ${cfg.perLot}, 'Bench seed', received_at, received_at
        FROM srl_stock;
      INSERT INTO inventory_level (id, inventory_item_id, location_id, stocked_quantity, reserved_quantity, incoming_quantity,
                                   raw_stocked_quantity, raw_reserved_quantity, raw_incoming_quantity)
      SELECT 'ilev_srl_' || md5(inventory_item_id || location_id), inventory_item_id, location_id, ${cfg.perLot} * count(*), 0, 0,
             jsonb_build_object('value', (${cfg.perLot} * count(*))::text, 'precision', 20),
             jsonb_build_object('value', '0', 'precision', 20), jsonb_build_object('value', '0', 'precision', 20)
        FROM srl_stock GROUP BY inventory_item_id, location_id`],
  ]
}

async function runStatements(client, list, params, log) {
  const timings = {}
  for (const [name, sql] of list) {
    const t0 = Date.now()
    await client.query("BEGIN")
    try {
      // Multi-statement text cannot take parameters: the temp table statement is split.
      for (const part of sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
        await client.query(part, /\$\d/.test(part) ? params : undefined)
      }
      await client.query("COMMIT")
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {})
      throw new Error(`serials seed, ${name}: ${e.message}`)
    }
    timings[name] = Date.now() - t0
    log(`seed: ${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }
  return timings
}

/** Phase 1: the items. */
async function seedItems(client, overrides = {}, log = () => {}) {
  const cfg = config(overrides)
  const timings = await runStatements(client, itemStatements(cfg), [], log)
  return { items: Array.from({ length: cfg.items }, (_, i) => itemId(i)), timings_ms: timings }
}

/** Phase 2, once the items are serialized: lots, serials, stock; `locations` = [first, second] location ids. */
async function seedSerials(client, overrides = {}, locations, log = () => {}) {
  const cfg = config(overrides)
  if (!Array.isArray(locations) || locations.length !== 2) throw new Error("serials seed: two location ids")
  const timings = await runStatements(client, serialStatements(cfg), locations, log)
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM lot WHERE id LIKE 'lot\\_srl\\_%')::int AS lots,
            (SELECT count(*) FROM lot_serial WHERE id LIKE 'lotsrl\\_bench\\_%')::int AS serials,
            (SELECT count(*) FROM lot_serial_movement WHERE id LIKE 'lotsmv\\_bench\\_%')::int AS serial_history_rows,
            (SELECT count(*) FROM lot_stock WHERE lot_id LIKE 'lot\\_srl\\_%')::int AS lot_stock_rows`
  )
  return { config: cfg, counts: rows[0], timings_ms: timings }
}

module.exports = { DEFAULTS, config, seedItems, seedSerials, itemStatements, serialStatements, serialNumber, serialId, itemId }
