"use strict"
/**
 * The cluster test's reads of the database (one pg client): the plugin's
 * books against Medusa's (docs/ARCHITECTURE.md, the invariant), lot stock
 * sanity, and how each order line is covered by lots.
 */

const { Client } = require("pg")

async function connect(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl })
  client.on("error", () => {})
  await client.connect()
  const sql = async (text, params) => (await client.query(text, params)).rows
  sql.end = () => client.end().catch(() => {})
  return sql
}

/**
 * Per tracked item and location, both sides side by side (the same figures as
 * integration-tests/helpers/fixtures.ts `invariantFor`):
 *   level_stocked == lot_stocked;
 *   level_reserved == lot_reserved + shortfall + hold;
 *   hold == blocked_free (the free units of recalled, quarantined or expired lots).
 * `today` is the plugin's calendar day (YYYY-MM-DD; the dev app's time zone is UTC).
 */
async function books(sql, today = new Date().toISOString().slice(0, 10)) {
  return sql(
    `WITH items AS (SELECT DISTINCT inventory_item_id FROM lot WHERE deleted_at IS NULL),
     lots AS (
       SELECT l.inventory_item_id, ls.location_id, l.status, l.expires_at, ls.stocked_quantity, ls.reserved_quantity,
              (SELECT count(*) FROM lot_serial bs WHERE bs.lot_id = l.id AND bs.location_id = ls.location_id AND bs.blocked
                  AND bs.status IN ('in_stock', 'reserved') AND bs.deleted_at IS NULL)::int AS blocked_serials
         FROM lot_stock ls JOIN lot l ON l.id = ls.lot_id
        WHERE ls.deleted_at IS NULL AND l.deleted_at IS NULL),
     pairs AS (
       SELECT il.inventory_item_id, il.location_id FROM inventory_level il JOIN items USING (inventory_item_id) WHERE il.deleted_at IS NULL
       UNION SELECT inventory_item_id, location_id FROM lots)
     SELECT p.inventory_item_id, p.location_id,
            coalesce((SELECT stocked_quantity FROM inventory_level il WHERE il.inventory_item_id = p.inventory_item_id AND il.location_id = p.location_id AND il.deleted_at IS NULL), 0)::int AS level_stocked,
            coalesce((SELECT sum(stocked_quantity) FROM lots WHERE lots.inventory_item_id = p.inventory_item_id AND lots.location_id = p.location_id), 0)::int AS lot_stocked,
            coalesce((SELECT reserved_quantity FROM inventory_level il WHERE il.inventory_item_id = p.inventory_item_id AND il.location_id = p.location_id AND il.deleted_at IS NULL), 0)::int AS level_reserved,
            coalesce((SELECT sum(quantity) FROM lot_allocation a WHERE a.inventory_item_id = p.inventory_item_id AND a.location_id = p.location_id AND a.status = 'reserved' AND a.deleted_at IS NULL), 0)::int AS lot_reserved,
            coalesce((SELECT sum(quantity) FROM lot_shortfall f WHERE f.inventory_item_id = p.inventory_item_id AND f.location_id = p.location_id AND f.deleted_at IS NULL), 0)::int AS shortfall,
            coalesce((SELECT sum(quantity) FROM reservation_item r WHERE r.inventory_item_id = p.inventory_item_id AND r.location_id = p.location_id AND r.external_id = 'lot_tracking_hold' AND r.deleted_at IS NULL), 0)::int AS hold,
            coalesce((SELECT sum(CASE WHEN status <> 'active' OR expires_at < $1 THEN stocked_quantity - reserved_quantity
                                      ELSE least(blocked_serials, stocked_quantity - reserved_quantity) END) FROM lots
                       WHERE lots.inventory_item_id = p.inventory_item_id AND lots.location_id = p.location_id), 0)::int AS blocked_free
       FROM pairs p ORDER BY 1, 2`,
    [today]
  )
}

/** The rows of `books()` that do not balance, each with what is wrong. */
function unbalanced(rows) {
  const out = []
  for (const r of rows) {
    const wrong = []
    if (r.level_stocked !== r.lot_stocked) wrong.push(`stocked: Medusa ${r.level_stocked} != lots ${r.lot_stocked}`)
    if (r.level_reserved !== r.lot_reserved + r.shortfall + r.hold) {
      wrong.push(`reserved: Medusa ${r.level_reserved} != lot reservations ${r.lot_reserved} + shortfalls ${r.shortfall} + hold ${r.hold}`)
    }
    if (r.hold !== r.blocked_free) wrong.push(`hold ${r.hold} != free units of blocked lots ${r.blocked_free}`)
    if (wrong.length) out.push({ item: r.inventory_item_id, location: r.location_id, wrong })
  }
  return out
}

/** Lot stock rows that are negative or over-reserved (the CHECK constraints should make this impossible). */
function badLotStock(sql) {
  return sql(
    `SELECT l.lot_number, ls.location_id, ls.stocked_quantity, ls.reserved_quantity
       FROM lot_stock ls JOIN lot l ON l.id = ls.lot_id
      WHERE ls.deleted_at IS NULL AND (ls.stocked_quantity < 0 OR ls.reserved_quantity < 0 OR ls.reserved_quantity > ls.stocked_quantity)`
  )
}

/**
 * How each line (`{ line_item_id, quantity }`) is covered: units on lots
 * (reserved or shipped allocations) and units recorded short. Exactly once
 * means `lots + shortfall == quantity`; more is a double allocation.
 */
async function coverage(sql, lines) {
  if (!lines.length) return []
  const rows = await sql(
    `SELECT x.line_item_id, x.quantity::int AS quantity,
            coalesce((SELECT sum(a.quantity) FROM lot_allocation a WHERE a.line_item_id = x.line_item_id
                         AND a.status IN ('reserved', 'fulfilled') AND a.deleted_at IS NULL), 0)::int AS lots,
            coalesce((SELECT sum(a.quantity) FROM lot_allocation a WHERE a.line_item_id = x.line_item_id
                         AND a.status = 'fulfilled' AND a.deleted_at IS NULL), 0)::int AS shipped,
            coalesce((SELECT sum(f.quantity) FROM lot_shortfall f WHERE f.line_item_id = x.line_item_id AND f.deleted_at IS NULL), 0)::int AS shortfall
       FROM unnest($1::text[], $2::int[]) AS x(line_item_id, quantity)`,
    [lines.map((l) => l.line_item_id), lines.map((l) => l.quantity)]
  )
  return rows.map((r) => ({ ...r, covered: r.lots + r.shortfall }))
}

/** Allocation rows created in [from, to] (JavaScript timestamps; same machine clock as PostgreSQL). */
async function allocationsCreatedBetween(sql, from, to) {
  const [row] = await sql(
    `SELECT count(*)::int AS n FROM lot_allocation WHERE created_at >= to_timestamp($1 / 1000.0) AND created_at <= to_timestamp($2 / 1000.0)`,
    [from, to]
  )
  return row.n
}

/** Open subscriber failures recorded for reconcile (`lot_sync_failure`). */
function openSyncFailures(sql) {
  return sql(`SELECT event, key, attempts, left(message, 200) AS message FROM lot_sync_failure WHERE resolved_at IS NULL ORDER BY failed_at`)
}

/** Per lot: stocked, reserved, and units shipped from it after `since` (a JavaScript timestamp). */
function lotState(sql, lotId, since) {
  return sql(
    `SELECT l.lot_number, l.status,
            coalesce((SELECT sum(stocked_quantity) FROM lot_stock WHERE lot_id = l.id AND deleted_at IS NULL), 0)::int AS stocked,
            coalesce((SELECT sum(reserved_quantity) FROM lot_stock WHERE lot_id = l.id AND deleted_at IS NULL), 0)::int AS reserved,
            coalesce((SELECT sum(quantity) FROM lot_allocation WHERE lot_id = l.id AND status = 'fulfilled'
                         AND fulfilled_at >= to_timestamp($2 / 1000.0) AND deleted_at IS NULL), 0)::int AS shipped_since
       FROM lot l WHERE l.id = $1`,
    [lotId, since]
  ).then((rows) => rows[0])
}

module.exports = { connect, books, unbalanced, badLotStock, coverage, allocationsCreatedBetween, openSyncFailures, lotState }
