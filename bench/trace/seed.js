"use strict"
/**
 * Seed for the traceability benchmark (bench/trace.js): realistic rows in the
 * plugin's tables and in the Medusa tables the forward trace reads, written
 * with INSERT ... SELECT generate_series (a few hundred thousand rows a
 * second) into a migrated, dedicated database.
 *
 * Shape (defaults):
 *   2 stock locations (with addresses), 1,000 inventory items with a tracking
 *   policy, 100 lots each = 100,000 lots (lot stock at one location each, a
 *   `received` movement each), 100,000 customers, 300,000 orders (shipping
 *   address, 2 line items, order_item rows), 1,000,000 allocations (lines
 *   split across lots; the most recent orders still reserved, the others
 *   fulfilled in one fulfilment per order with its delivery address, the
 *   order_fulfillment link and a fulfilment item per line, one line in 50
 *   with a unit shipped without a lot), Medusa inventory levels equal to the
 *   lot stock, expiry write-offs and cycle counts on a few lots. The bulk load
 *   runs with triggers off; the KPI rollups are then rebuilt from the tables.
 *
 *   The hot lot `HOT-LOT-0001` (item 0, location 0) shipped in `hotOrders`
 *   orders (one shipment each) and holds open reservations of `hotReserved`
 *   more orders, which a recall must move to other lots.
 */

const DEFAULTS = {
  items: 1000,
  lotsPerItem: 100,
  customers: 100000,
  orders: 300000,
  allocations: 1000000,
  hotOrders: 10000,
  hotReserved: 100,
  /** The most recent orders are not shipped yet: their allocations stay reserved. */
  reservedOrders: 10000,
}

const HOT_LOT_ID = "lot_hot_0001"
const HOT_LOT_NUMBER = "HOT-LOT-0001"

function config(overrides = {}) {
  const cfg = { ...DEFAULTS, ...overrides }
  for (const [k, v] of Object.entries(cfg)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`seed: ${k} must be a whole number (got ${v})`)
  }
  if (cfg.lotsPerItem < 4 || cfg.items < 2) throw new Error("seed: at least 2 items of 4 lots")
  if (cfg.allocations > cfg.orders * 4) throw new Error("seed: at most 4 allocations per order")
  if (cfg.hotOrders + cfg.hotReserved > cfg.orders - cfg.reservedOrders) throw new Error("seed: too many hot orders")
  return cfg
}

/** The statements, in order; every number is a validated integer, so interpolation is safe. */
function statements(cfg) {
  const O = cfg.orders
  const hotTotal = cfg.hotOrders + cfg.hotReserved
  const half = Math.floor(cfg.lotsPerItem / 2) - 1 // lot slots per location, besides slot 0/1
  const itemOf = (o, k) => `(CASE WHEN ${k} = 1 AND ${o} <= ${hotTotal} THEN 0 ELSE 1 + ((${o} * 31 + ${k} * 17) % ${cfg.items - 1}) END)`
  const locOf = (o) => `(CASE WHEN ${o} <= ${hotTotal} THEN 0 ELSE ${o} % 2 END)`
  const itemId = (i) => `'iitem_' || lpad((${i})::text, 5, '0')`
  const lotId = (i, j) => `'lot_' || lpad((${i})::text, 5, '0') || '_' || lpad((${j})::text, 3, '0')`
  const locId = (l) => `'sloc_bench_' || (${l})`
  const shippedOrder = (o) => `(${o} <= ${cfg.hotOrders} OR (${o} > ${hotTotal} AND ${o} <= ${O - cfg.reservedOrders}))`
  const orderTime = (o) => `(now() - ((${O} - ${o}) * interval '90 seconds') - interval '2 days')`
  const cities = `(ARRAY['Paris','Lyon','Marseille','Berlin','Hamburg','Milano','Madrid','Rotterdam','Bruxelles','Lille'])`
  const countries = `(ARRAY['fr','fr','fr','de','de','it','es','nl','be','fr'])`
  const firsts = `(ARRAY['Camille','Lucas','Emma','Noah','Léa','Jonas','Giulia','Mateo','Sanne','Zoë','Hugo','Inès'])`
  const lasts = `(ARRAY['Martin','Bernard','Müller','Schmidt','Rossi','García','de Jong','Peeters','Dubois','Moreau','Lefèvre','Weber'])`
  const raw = (v) => `jsonb_build_object('value', (${v})::text, 'precision', 20)`

  return [
    ["stock locations", `
      INSERT INTO stock_location_address (id, address_1, city, postal_code, country_code)
      VALUES ('laddr_bench_0', '12 rue des Entrepôts', 'Paris', '75019', 'FR'), ('laddr_bench_1', 'Havenweg 4', 'Rotterdam', '3011', 'NL');
      INSERT INTO stock_location (id, name, address_id)
      VALUES ('sloc_bench_0', 'Paris Warehouse', 'laddr_bench_0'), ('sloc_bench_1', 'Rotterdam Warehouse', 'laddr_bench_1');`],
    ["inventory items + policies", `
      INSERT INTO inventory_item (id, sku, title, description)
      SELECT ${itemId("i")}, 'SKU-' || lpad(i::text, 5, '0'), 'Product ' || i, 'Bench product ' || i
        FROM generate_series(0, ${cfg.items - 1}) i;
      INSERT INTO lot_tracking_policy (id, inventory_item_id, tracked, strategy)
      SELECT 'lotpol_bench_' || i, ${itemId("i")}, true, 'fefo' FROM generate_series(0, ${cfg.items - 1}) i;`],
    ["lots", `
      INSERT INTO lot (id, inventory_item_id, lot_number, manufactured_at, expires_at, received_at, supplier, origin, status)
      SELECT CASE WHEN i = 0 AND j = 0 THEN '${HOT_LOT_ID}' ELSE ${lotId("i", "j")} END,
             ${itemId("i")},
             CASE WHEN i = 0 AND j = 0 THEN '${HOT_LOT_NUMBER}' ELSE 'L' || lpad(i::text, 5, '0') || '-' || lpad(j::text, 3, '0') END,
             to_char(current_date - 400 + (j % 50), 'YYYY-MM-DD'),
             to_char(current_date + 60 + j * 7, 'YYYY-MM-DD'),
             now() - interval '390 days' + (j * interval '3 days'),
             (ARRAY['Laboratoires Durand','Nordic Naturals GmbH','Farmacia Rossi SpA'])[1 + (i + j) % 3],
             'Grasse, FR', 'active'
        FROM generate_series(0, ${cfg.items - 1}) i, generate_series(0, ${cfg.lotsPerItem - 1}) j;`],
    ["customers", `
      INSERT INTO customer (id, first_name, last_name, email, phone, has_account, created_at)
      SELECT 'cus_bench_' || c, ${firsts}[1 + c % 12], ${lasts}[1 + (c / 12) % 12],
             'customer' || c || '@bench.lot-tracking.test', '+3361' || lpad(c::text, 7, '0'), true, now() - interval '500 days'
        FROM generate_series(1, ${cfg.customers}) c;`],
    ["order addresses", `
      INSERT INTO order_address (id, customer_id, first_name, last_name, address_1, city, postal_code, country_code, phone)
      SELECT 'oaddr_bench_' || o, 'cus_bench_' || (1 + (o * 13) % ${cfg.customers}),
             ${firsts}[1 + (1 + (o * 13) % ${cfg.customers}) % 12], ${lasts}[1 + ((1 + (o * 13) % ${cfg.customers}) / 12) % 12],
             (1 + o % 180) || ' rue du Commerce', ${cities}[1 + o % 10], lpad(((o * 7) % 95000 + 1000)::text, 5, '0'),
             ${countries}[1 + o % 10], '+3361' || lpad((1 + (o * 13) % ${cfg.customers})::text, 7, '0')
        FROM generate_series(1, ${O}) o;`],
    ["orders", `
      INSERT INTO "order" (id, display_id, region_id, customer_id, sales_channel_id, status, email, currency_code, shipping_address_id, billing_address_id, created_at, updated_at)
      SELECT 'order_bench_' || o, o, 'reg_bench', 'cus_bench_' || (1 + (o * 13) % ${cfg.customers}), 'sc_bench',
             CASE WHEN ${shippedOrder("o")} THEN 'completed' ELSE 'pending' END::order_status_enum,
             'customer' || (1 + (o * 13) % ${cfg.customers}) || '@bench.lot-tracking.test', 'eur',
             'oaddr_bench_' || o, 'oaddr_bench_' || o, ${orderTime("o")}, ${orderTime("o")}
        FROM generate_series(1, ${O}) o;
      SELECT setval('order_display_id_seq', ${O});`],
    ["order line items", `
      INSERT INTO order_line_item (id, title, product_title, variant_title, variant_sku, product_id, variant_id, unit_price, raw_unit_price, created_at)
      SELECT 'ordli_bench_' || o || '_' || k, 'Product ' || ${itemOf("o", "k")}, 'Product ' || ${itemOf("o", "k")}, 'Default',
             'SKU-' || lpad((${itemOf("o", "k")})::text, 5, '0'), 'prod_bench_' || ${itemOf("o", "k")}, 'variant_bench_' || ${itemOf("o", "k")},
             12.9, ${raw("12.9")}, ${orderTime("o")}
        FROM generate_series(1, ${O}) o, generate_series(1, 2) k;
      INSERT INTO order_item (id, order_id, version, item_id, quantity, raw_quantity, fulfilled_quantity, shipped_quantity,
                              return_requested_quantity, return_received_quantity, return_dismissed_quantity, written_off_quantity, created_at)
      SELECT 'orditem_bench_' || o || '_' || k, 'order_bench_' || o, 1, 'ordli_bench_' || o || '_' || k, 3, ${raw("3")},
             CASE WHEN ${shippedOrder("o")} THEN 3 ELSE 0 END, CASE WHEN ${shippedOrder("o")} THEN 3 ELSE 0 END, 0, 0, 0, 0, ${orderTime("o")}
        FROM generate_series(1, ${O}) o, generate_series(1, 2) k;`],
    ["fulfilments", `
      INSERT INTO fulfillment_address (id, first_name, last_name, address_1, city, postal_code, country_code, phone)
      SELECT 'fuladdr_bench_' || o, a.first_name, a.last_name, a.address_1, a.city, a.postal_code, a.country_code, a.phone
        FROM generate_series(1, ${O}) o JOIN order_address a ON a.id = 'oaddr_bench_' || o
       WHERE ${shippedOrder("o")};
      INSERT INTO fulfillment (id, location_id, provider_id, delivery_address_id, packed_at, shipped_at, created_at, updated_at)
      SELECT 'ful_bench_' || o, ${locId(locOf("o"))}, NULL, 'fuladdr_bench_' || o,
             ${orderTime("o")} + interval '1 day', ${orderTime("o")} + interval '30 hours', ${orderTime("o")} + interval '1 day', ${orderTime("o")} + interval '30 hours'
        FROM generate_series(1, ${O}) o WHERE ${shippedOrder("o")};
      INSERT INTO order_fulfillment (order_id, fulfillment_id, id)
      SELECT 'order_bench_' || o, 'ful_bench_' || o, 'ordful_bench_' || o FROM generate_series(1, ${O}) o WHERE ${shippedOrder("o")};`],
    ["allocations", `
      INSERT INTO lot_allocation (id, order_id, line_item_id, inventory_item_id, location_id, lot_id, quantity, returned_quantity,
                                  status, source, fulfillment_id, fulfilled_at, created_at, updated_at)
      SELECT 'lotalc_bench_' || n, 'order_bench_' || o, 'ordli_bench_' || o || '_' || (1 + r % 2), ${itemId(itemOf("o", "(1 + r % 2)"))},
             ${locId(locOf("o"))},
             CASE WHEN r = 0 AND o <= ${hotTotal} THEN '${HOT_LOT_ID}'
                  ELSE ${lotId(itemOf("o", "(1 + r % 2)"), `2 * (1 + ((o * 7 + r * 13) % ${half})) + ${locOf("o")}`)} END,
             1 + n % 3, CASE WHEN ${shippedOrder("o")} AND n % 97 = 0 THEN 1 ELSE 0 END,
             CASE WHEN ${shippedOrder("o")} THEN 'fulfilled' ELSE 'reserved' END, 'auto',
             CASE WHEN ${shippedOrder("o")} THEN 'ful_bench_' || o END,
             CASE WHEN ${shippedOrder("o")} THEN ${orderTime("o")} + interval '1 day' END,
             ${orderTime("o")}, ${orderTime("o")}
        FROM (SELECT n, ((n - 1) % ${O}) + 1 AS o, (n - 1) / ${O} AS r FROM generate_series(1, ${cfg.allocations}) n) s;`],
    // Medusa's fulfilment items (what the traceability KPI counts as shipped): one per line and
    // fulfilment, the units its allocations shipped, and one unit more without a lot on 1 line in 50.
    ["fulfilment items", `
      INSERT INTO fulfillment_item (id, title, sku, barcode, quantity, raw_quantity, line_item_id, inventory_item_id, fulfillment_id, created_at, updated_at)
      SELECT 'fulitem_' || substr(a.line_item_id, 7), 'Product', 'SKU', '',
             sum(a.quantity) + CASE WHEN hashtext(a.line_item_id) % 50 = 0 THEN 1 ELSE 0 END,
             ${raw("sum(a.quantity) + CASE WHEN hashtext(a.line_item_id) % 50 = 0 THEN 1 ELSE 0 END")},
             a.line_item_id, a.inventory_item_id, a.fulfillment_id, min(a.fulfilled_at), min(a.fulfilled_at)
        FROM lot_allocation a WHERE a.status = 'fulfilled'
       GROUP BY a.line_item_id, a.inventory_item_id, a.fulfillment_id;`],
    ["lot stock + receipts", `
      INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity)
      SELECT 'lotstk_' || substr(g.lot_id, 5), g.lot_id, ${locId("g.j % 2")}, 20 + coalesce(r.q, 0) + (g.i + g.j) % 30, coalesce(r.q, 0)
        FROM (SELECT i, j, ${lotId("i", "j")} AS lot_id FROM generate_series(0, ${cfg.items - 1}) i, generate_series(0, ${cfg.lotsPerItem - 1}) j
               WHERE NOT (i = 0 AND j = 0)) g
        LEFT JOIN (SELECT lot_id, sum(quantity)::int AS q FROM lot_allocation WHERE status = 'reserved' GROUP BY lot_id) r ON r.lot_id = g.lot_id;
      INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity)
      SELECT 'lotstk_hot_0001', '${HOT_LOT_ID}', 'sloc_bench_0', 40 + coalesce(sum(quantity), 0)::int, coalesce(sum(quantity), 0)::int
        FROM lot_allocation WHERE lot_id = '${HOT_LOT_ID}' AND status = 'reserved';
      INSERT INTO lot_movement (id, inventory_item_id, location_id, type, quantity, note, lot_id, created_at, updated_at)
      SELECT 'lotmov_rcv_' || substr(s.id, 8), l.inventory_item_id, s.location_id, 'received',
             s.stocked_quantity + coalesce(f.q, 0), 'bench receipt', l.id, l.received_at, l.received_at
        FROM lot_stock s JOIN lot l ON l.id = s.lot_id AND l.inventory_item_id ~ '^iitem_[0-9]{5}$'
        LEFT JOIN (SELECT lot_id, sum(quantity)::int AS q FROM lot_allocation WHERE status = 'fulfilled' GROUP BY lot_id) f ON f.lot_id = l.id;
      INSERT INTO inventory_level (id, inventory_item_id, location_id, stocked_quantity, reserved_quantity, incoming_quantity,
                                   raw_stocked_quantity, raw_reserved_quantity, raw_incoming_quantity)
      SELECT 'ilev_bench_' || l.inventory_item_id || '_' || s.location_id, l.inventory_item_id, s.location_id,
             sum(s.stocked_quantity), sum(s.reserved_quantity), 0, ${raw("sum(s.stocked_quantity)")}, ${raw("sum(s.reserved_quantity)")}, ${raw("0")}
        FROM lot_stock s JOIN lot l ON l.id = s.lot_id AND l.inventory_item_id ~ '^iitem_[0-9]{5}$'
       GROUP BY l.inventory_item_id, s.location_id;`],
    // The ledger's other KPI movements: an expiry write-off on 1 lot in 40 and a cycle count
    // (metadata counted / previous, a difference on one in three) on 1 lot in 25, spread over the year.
    ["write-offs + counts", `
      INSERT INTO lot_movement (id, inventory_item_id, location_id, type, quantity, reason, lot_id, created_at, updated_at)
      SELECT 'lotmov_exp_' || substr(s.id, 8), l.inventory_item_id, s.location_id, 'written_off', -(1 + abs(hashtext(s.id)) % 3), 'expired', l.id,
             now() - ((abs(hashtext(l.id)) % 360) * interval '1 day'), now() - ((abs(hashtext(l.id)) % 360) * interval '1 day')
        FROM lot_stock s JOIN lot l ON l.id = s.lot_id WHERE abs(hashtext(s.id)) % 40 = 0;
      INSERT INTO lot_movement (id, inventory_item_id, location_id, type, quantity, reason, lot_id, metadata, created_at, updated_at)
      SELECT 'lotmov_cnt_' || substr(s.id, 8), l.inventory_item_id, s.location_id, 'adjusted', 0, 'cycle count', l.id,
             jsonb_build_object('previous', s.stocked_quantity, 'counted', s.stocked_quantity + CASE WHEN abs(hashtext(l.id)) % 3 = 0 THEN 1 ELSE 0 END),
             now() - ((abs(hashtext(s.id)) % 360) * interval '1 day'), now() - ((abs(hashtext(s.id)) % 360) * interval '1 day')
        FROM lot_stock s JOIN lot l ON l.id = s.lot_id WHERE abs(hashtext(s.id)) % 25 = 0;`],
    ["analyze", `ANALYZE`],
    // Bulk-loaded with triggers off (session_replication_role = replica in \`seed\`): the KPI
    // rollups are built once from the loaded tables, as the migration's backfill does.
    ["KPI rollups", `SET session_replication_role = DEFAULT; SELECT lot_kpi_rebuild();`],
  ]
}

/** Runs the seed with a pg client; returns row counts and timings. */
async function seed(client, overrides = {}, log = () => {}) {
  const cfg = config(overrides)
  const timings = {}
  // Row triggers off for the bulk load (the KPI rollups are rebuilt at the end).
  await client.query("SET session_replication_role = replica")
  for (const [name, sql] of statements(cfg)) {
    const t0 = Date.now()
    await client.query(sql)
    timings[name] = Date.now() - t0
    log(`seed: ${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }
  const { rows } = await client.query(`
    SELECT (SELECT count(*) FROM lot)::int AS lots,
           (SELECT count(*) FROM lot_stock)::int AS lot_stock,
           (SELECT count(*) FROM lot_movement)::int AS movements,
           (SELECT count(*) FROM lot_allocation)::int AS allocations,
           (SELECT count(*) FROM lot_allocation WHERE status = 'fulfilled')::int AS fulfilled_allocations,
           (SELECT count(*) FROM "order")::int AS orders,
           (SELECT count(*) FROM order_line_item)::int AS line_items,
           (SELECT count(*) FROM customer)::int AS customers,
           (SELECT count(*) FROM order_address)::int AS order_addresses,
           (SELECT count(*) FROM fulfillment)::int AS fulfillments,
           (SELECT count(*) FROM fulfillment_item)::int AS fulfillment_items,
           (SELECT count(*) FROM lot_kpi_shipment)::int AS kpi_shipment_rows,
           (SELECT count(*) FROM inventory_item)::int AS inventory_items,
           (SELECT count(DISTINCT order_id) FROM lot_allocation WHERE lot_id = $1 AND status = 'fulfilled')::int AS hot_lot_orders,
           (SELECT count(*) FROM lot_allocation WHERE lot_id = $1 AND status = 'reserved')::int AS hot_lot_reservations`,
    [HOT_LOT_ID]
  )
  return { config: cfg, counts: rows[0], timings_ms: timings }
}

module.exports = { seed, statements, config, HOT_LOT_ID, HOT_LOT_NUMBER, DEFAULTS }
