"use strict"
/**
 * Serials benchmark (`npm run bench -- serials`); the contract is docs/SERIALS.md,
 * method and caveats in bench/README.md.
 *
 * In a dedicated database (`<runner database>_serials`: created, migrated,
 * dropped at the end unless --keep, so the million rows never reach the
 * other benchmarks):
 *
 *   bench/serials/store.ts (medusa exec)  demo store, three products (serialized
 *                                         capture `required`, serialized capture
 *                                         `auto`, lot-tracked baseline), admin user;
 *   bench/serials/seed.js (SQL)           10 inventory items, then, once the API made
 *                                         them serialized, 200 lots holding 1,000,000
 *                                         serials in stock (100,000 with --quick).
 *
 * Then against a real Medusa server (the harness's `medusa start`):
 *
 *   (a) lookup of one serial among them: `GET /admin/serials?q=<exact serial>`
 *       (target), a prefix naming 1,000 serials, `GET /admin/serials/:id` (with
 *       history) and an item's first page; random serials, one request at a
 *       time, kinds interleaved, p50/p95/p99;
 *   (b) receiving 10,000 serials in one request: `POST /admin/lots` with
 *       `receive: [{ location_id, quantity: 10000 }]` into an item already
 *       holding 100,000 serials, generated from the pattern, named in
 *       `serial_numbers`, and as a `serial_range`;
 *   (c) fulfilment of one line of 100 units: orders placed through the store
 *       API (cart, complete), lots allocated by the plugin's order.placed
 *       subscriber, then `POST /admin/orders/:id/fulfillments` naming the 100
 *       serials in `additional_data.serials` (capture `required`), without
 *       naming them (capture `auto`), and for a lot-tracked item without
 *       serials (baseline); kinds interleaved, the first round discarded.
 *
 * Targets: receipt of 10,000 < 3 s (median), fulfilment of 100 serialized
 * units < 1 s (median), exact lookup p95 < 20 ms.
 *
 * Options: --quick (100,000 serials, fewer samples), --serials=<n> (a multiple
 * of 10,000), --lookups=<n> (samples per lookup kind), --seed=<n> (PRNG seed).
 */

const { summarize, pool, table, fmt } = require("./lib/stats")
const { prng, connect, timed } = require("./lib/tools")
const { createClient, adminLogin, placeOrder } = require("../integration-tests/helpers/store-client")
const { ensureDatabase, dropDatabase } = require("../scripts/lib/postgres")
const seedSql = require("./serials/seed")

const TARGET_RECEIVE_MS = 3000
const TARGET_FULFIL_MS = 1000
const TARGET_LOOKUP_P95_MS = 20
const RECEIPT_UNITS = 10000
const LINE_UNITS = 100
const FULFIL_KINDS = ["lots", "named", "auto"]

const round = (v, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d)

function config(options) {
  const quick = Boolean(options.quick)
  const serials = Number(options.serials) || (quick ? 100000 : 1000000)
  if (!Number.isSafeInteger(serials) || serials < 10000 || serials % 10000) throw new Error("--serials must be a multiple of 10,000")
  return {
    seed: { items: 10, lotsPerItem: 20, serials },
    lookups: Number(options.lookups) || (quick ? 100 : 300),
    lookupWarmup: 20,
    receiptRuns: quick ? 1 : 3,
    // Orders per fulfilment kind, after `fulfilWarmup` rounds that are discarded.
    fulfilOrders: quick ? 2 : 5,
    fulfilWarmup: 1,
    orderConcurrency: 2,
    prngSeed: Number(options.seed) || 20261130,
  }
}

/** One admin request: { ms (until the body is read), bytes, data }; throws with the status and message. */
async function request(base, headers, method, path, body) {
  const t0 = performance.now()
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  const ms = performance.now() - t0
  let data = text
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const msg = data && typeof data === "object" ? data.message || JSON.stringify(data) : String(data)
    throw Object.assign(new Error(`${method} ${path.split("?")[0]} -> ${res.status}: ${String(msg).slice(0, 300)}`), { status: res.status })
  }
  return { ms, bytes: Buffer.byteLength(text), data }
}

/** The benchmark's own database, next to the runner's (which the other benchmarks share). */
async function prepareDatabase(ctx, log) {
  const name = `${ctx.dbName}_serials`
  await dropDatabase(ctx.pgInfo, name)
  await ensureDatabase(ctx.pgInfo, name)
  const url = ctx.pgInfo.adminUrl(name)
  await ctx.medusa(["db:migrate"], { env: { DATABASE_URL: url }, title: `migrations of ${name}` })
  log(`dedicated database ${name} created and migrated`)
  return { name, url }
}

async function run(ctx) {
  const os = require("os")
  const loadAtStart = os.loadavg().map((x) => round(x, 2))
  const cfg = config(ctx.options)
  const log = (m) => ctx.log(`serials: ${m}`)
  const rand = prng(cfg.prngSeed)
  const db = await prepareDatabase(ctx, log)
  const env = { DATABASE_URL: db.url }
  const errors = [] // { section, error }: a failed part is reported, the others still run
  const section = async (name, fn) => {
    try {
      return await fn()
    } catch (e) {
      errors.push({ section: name, error: e.message })
      log(`${name} FAILED: ${e.message}`)
      return null
    }
  }
  let client = null
  try {
    // ── Store, items (before the server starts) ──
    const admin = { email: `bench-serials-${Date.now()}@lot-tracking.test`, password: `bench-${Math.random().toString(36).slice(2)}-pw` }
    const { output: store, ms: storeMs } = await ctx.exec("./bench/serials/store.ts", { input: { admin }, env, title: "store (medusa exec bench/serials/store.ts)" })
    client = await connect(db.url)
    const sql = async (text, params) => (await client.query(text, params)).rows
    const items = await seedSql.seedItems(client, cfg.seed, log)

    const server = await ctx.startServer({ env })
    const base = server.url
    const api = createClient(base)
    const headers = await adminLogin(api, admin.email, admin.password)
    const call = (method, path, body) => request(base, headers, method, path, body)
    const paris = store.parisId

    // ── Policies through the API, then the bulk in SQL ──
    const setPolicy = async (inventoryItemId, body) => {
      const { data } = await call("POST", `/admin/lot-tracking/policies/${inventoryItemId}`, body)
      const policy = data && data.policy
      if (!policy || Boolean(policy.serialized) !== Boolean(body.serialized) || (body.serial_capture && policy.serial_capture !== body.serial_capture)) {
        throw new Error(`policy of ${inventoryItemId} answered ${JSON.stringify(policy)} for ${JSON.stringify(body)}: is the server part of serials (docs/SERIALS.md) in place?`)
      }
    }
    const tPolicies = performance.now()
    // Devices: no expiry (whatever the plugin's `require_expiry` default is).
    const device = { tracked: true, serialized: true, require_expiry: false }
    for (const id of items.items) await setPolicy(id, { ...device, serial_capture: "auto" })
    await setPolicy(store.products.named.inventoryItemId, { ...device, serial_capture: "required" })
    await setPolicy(store.products.auto.inventoryItemId, { ...device, serial_capture: "auto" })
    await setPolicy(store.products.lots.inventoryItemId, { tracked: true, serialized: false })
    const policiesMs = performance.now() - tPolicies

    const { ms: seedMs, value: seeded } = await timed(() => seedSql.seedSerials(client, cfg.seed, [paris, store.rotterdamId], log))
    const { ms: vacuumMs } = await timed(() => client.query("VACUUM ANALYZE lot_serial, lot_serial_movement, lot, lot_stock, lot_movement, inventory_level"))
    log(`seeded in ${(seedMs / 1000).toFixed(1)} s (+ VACUUM ANALYZE ${(vacuumMs / 1000).toFixed(1)} s): ${JSON.stringify(seeded.counts)}`)
    const total = seeded.counts.serials
    const perItem = total / cfg.seed.items
    const indexes = (await sql(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'lot_serial' ORDER BY indexname`)).map((r) => r.indexdef)

    // ── (a) Lookups: random serials, kinds interleaved, one request at a time ──
    const lookupKinds = [
      {
        key: "exact",
        label: "GET /admin/serials?q=<exact serial>",
        path: (n) => `/admin/serials?q=${encodeURIComponent(seedSql.serialNumber(n))}`,
        ok: (d, n) => d.count === 1 && d.serials.length === 1 && d.serials[0].serial_number === seedSql.serialNumber(n),
      },
      {
        key: "prefix",
        label: "GET /admin/serials?q=<prefix of 1,000 serials>",
        path: (n) => `/admin/serials?q=SRL-${String(Math.floor(n / 1000)).padStart(4, "0")}`,
        ok: (d) => d.count === 1000 && d.serials.length > 0 && d.serials.every((s) => s.serial_number.startsWith("SRL-")),
      },
      {
        key: "by_id",
        label: "GET /admin/serials/:id (with history)",
        path: (n) => `/admin/serials/${seedSql.serialId(n)}`,
        ok: (d, n) => d.serial && d.serial.serial_number === seedSql.serialNumber(n) && Array.isArray(d.serial.history) && d.serial.history.length >= 1,
      },
      {
        key: "item_page",
        label: `GET /admin/serials?inventory_item_id=&status=in_stock (first page of ${perItem.toLocaleString("en")})`,
        path: (n) => `/admin/serials?inventory_item_id=${seedSql.itemId(Math.floor(n / perItem))}&status=in_stock`,
        ok: (d) => d.count === perItem && d.serials.length > 0,
      },
    ]
    const lookups = await section("lookups", async () => {
      const samples = Object.fromEntries(lookupKinds.map((k) => [k.key, { ms: [], wrong: 0, first_wrong: null, bytes: 0 }]))
      for (let i = 0; i < cfg.lookupWarmup + cfg.lookups; i++) {
        for (const kind of lookupKinds) {
          const n = Math.floor(rand() * total)
          const r = await call("GET", kind.path(n))
          if (i < cfg.lookupWarmup) continue
          const s = samples[kind.key]
          s.ms.push(r.ms)
          s.bytes = Math.max(s.bytes, r.bytes)
          if (!kind.ok(r.data, n)) {
            s.wrong++
            s.first_wrong = s.first_wrong || { n, answer: JSON.stringify(r.data).slice(0, 300) }
          }
        }
      }
      const out = {}
      for (const kind of lookupKinds) {
        const s = samples[kind.key]
        out[kind.key] = { label: kind.label, ms: summarize(s.ms), wrong_answers: s.wrong, first_wrong: s.first_wrong, max_bytes: s.bytes }
        log(`${kind.label}: p50 ${fmt(out[kind.key].ms.p50)} ms, p95 ${fmt(out[kind.key].ms.p95)} ms${s.wrong ? `, ${s.wrong} WRONG answers` : ""}`)
      }
      return out
    })

    // ── (b) Receipts of 10,000 serials in one request, into an item holding perItem serials ──
    const receipts = await section("receipts", async () => {
      const item = seedSql.itemId(0)
      await call("POST", "/admin/lots", { inventory_item_id: seedSql.itemId(1), receive: [{ location_id: paris, quantity: 10 }] }) // warm-up
      const pad = (i, w) => String(i).padStart(w, "0")
      const variants = [
        { key: "generated", label: "generated from the pattern", line: () => ({}) },
        // Scanned-looking serials, 12 characters, all distinct (7919 and the prime 1000003); the body is ~160 KB.
        { key: "named", label: "named in serial_numbers", line: (r) => ({ serial_numbers: Array.from({ length: RECEIPT_UNITS }, (_, i) => `R${r}X${pad((i * 7919) % 1000003, 7)}K${i % 10}`) }) },
        { key: "range", label: "serial_range { from, to }", line: (r) => ({ serial_range: { from: `RNG${r}-${pad(1, 6)}`, to: `RNG${r}-${pad(RECEIPT_UNITS, 6)}` } }) },
      ]
      const runs = []
      for (let r = 0; r < cfg.receiptRuns; r++) {
        for (const v of variants) {
          const body = { inventory_item_id: item, receive: [{ location_id: paris, quantity: RECEIPT_UNITS, ...v.line(r) }] }
          let res = null
          let error = null
          const t0 = performance.now()
          try {
            res = await call("POST", "/admin/lots", body)
          } catch (e) {
            error = e.message
          }
          const ms = res ? res.ms : performance.now() - t0
          const lotId = res && res.data && res.data.lot && res.data.lot.id
          const [check] = lotId
            ? await sql(`SELECT count(*)::int AS serials, count(DISTINCT serial_number)::int AS distinct_serials FROM lot_serial WHERE lot_id = $1 AND deleted_at IS NULL`, [lotId])
            : [{ serials: null, distinct_serials: null }]
          const answered = res && res.data && Array.isArray(res.data.serial_numbers) ? res.data.serial_numbers.length : null
          runs.push({ kind: v.key, run: r, ms: round(ms), request_bytes: Buffer.byteLength(JSON.stringify(body)), response_bytes: res ? res.bytes : null, lot_id: lotId || null, serials_in_lot: check.serials, distinct: check.distinct_serials, serial_numbers_answered: answered, error })
          log(`receipt of ${RECEIPT_UNITS} serials ${v.label}: ${error ? `FAILED ${error}` : `${fmt(ms)} ms, ${check.serials} serials in the lot`}`)
        }
      }
      const byKind = {}
      for (const v of variants) {
        const ok = runs.filter((x) => x.kind === v.key && !x.error && x.serials_in_lot === RECEIPT_UNITS)
        byKind[v.key] = { label: v.label, ms: summarize(ok.map((x) => x.ms)), failed: runs.filter((x) => x.kind === v.key).length - ok.length }
      }
      return { item, serials_before: perItem, runs, by_kind: byKind }
    })

    // ── (c) Fulfilment of one line of 100 units ──
    const fulfilment = await section("fulfilment", async () => {
      const rounds = cfg.fulfilWarmup + cfg.fulfilOrders
      // Stock through the API (the serialized products get generated serials), one lot each.
      for (const kind of FULFIL_KINDS) {
        const expiry = kind === "lots" ? { expires_at: new Date(Date.now() + 730 * 86400000).toISOString().slice(0, 10) } : {}
        await call("POST", "/admin/lots", { inventory_item_id: store.products[kind].inventoryItemId, ...expiry, receive: [{ location_id: paris, quantity: rounds * LINE_UNITS }] })
      }
      const specs = []
      for (let r = 0; r < rounds; r++) for (const kind of FULFIL_KINDS) specs.push({ kind, round: r })
      const tOrders = performance.now()
      const orders = await pool(specs, cfg.orderConcurrency, async (spec) => {
        const order = await placeOrder(api, {
          publishableKey: store.publishableKey,
          regionId: store.regionId,
          salesChannelId: store.salesChannelId,
          items: [{ variant_id: store.products[spec.kind].variantId, quantity: LINE_UNITS }],
          shippingOption: store.shippingOptionIds[0],
        })
        const line = order.items && order.items[0] ? order.items[0].id : (await call("GET", `/admin/orders/${order.id}?fields=id,*items`)).data.order.items[0].id
        return { ...spec, id: order.id, line, item: store.products[spec.kind].inventoryItemId }
      })
      const placedMs = performance.now() - tOrders
      // The order.placed subscriber reserves the lots: wait until every line is covered.
      const tAlloc = Date.now()
      let allocated = 0
      for (;;) {
        const [row] = await sql(
          `SELECT count(*)::int AS n FROM (SELECT line_item_id FROM lot_allocation WHERE line_item_id = ANY($1) AND status = 'reserved' AND deleted_at IS NULL
             GROUP BY line_item_id HAVING sum(quantity) >= $2) x`,
          [orders.map((o) => o.line), LINE_UNITS]
        )
        allocated = row.n
        if (allocated >= orders.length || Date.now() - tAlloc > 60000) break
        await new Promise((r) => setTimeout(r, 250))
      }
      const allocationWaitMs = Date.now() - tAlloc
      log(`${orders.length} orders of ${LINE_UNITS} units placed through the store API in ${(placedMs / 1000).toFixed(1)} s; ${allocated} lines allocated (waited ${(allocationWaitMs / 1000).toFixed(1)} s)`)
      if (allocated < orders.length) throw new Error(`the order.placed subscriber allocated ${allocated} of ${orders.length} lines within 60 s`)
      const [reservedSerials] = await sql(`SELECT count(*)::int AS n FROM lot_serial WHERE line_item_id = ANY($1) AND status = 'reserved' AND deleted_at IS NULL`, [orders.map((o) => o.line)])

      // The serials staff scan: those reserved for the line if the plugin reserved them,
      // else in-stock units of the line's allocated lots, in no particular order.
      const scanSerials = async (o) => {
        const rows = await sql(
          `SELECT s.serial_number FROM lot_serial s
            WHERE s.inventory_item_id = $1 AND s.location_id = $2 AND s.deleted_at IS NULL AND NOT s.blocked
              AND ((s.status = 'reserved' AND s.line_item_id = $3)
                   OR (s.status = 'in_stock' AND s.lot_id IN (SELECT lot_id FROM lot_allocation WHERE line_item_id = $3 AND status = 'reserved' AND deleted_at IS NULL)))
            ORDER BY (s.status = 'reserved') DESC, md5(s.id || $3) LIMIT $4`,
          [o.item, paris, o.line, LINE_UNITS]
        )
        return rows.map((r) => r.serial_number)
      }
      const runs = []
      for (let r = 0; r < rounds; r++) {
        for (const o of orders.filter((x) => x.round === r)) {
          const body = { items: [{ id: o.line, quantity: LINE_UNITS }], location_id: paris }
          let named = null
          if (o.kind === "named") {
            named = await scanSerials(o)
            body.additional_data = { serials: [{ line_item_id: o.line, serial_numbers: named }] }
          }
          let ms = null
          let error = null
          const t0 = performance.now()
          try {
            ms = (await call("POST", `/admin/orders/${o.id}/fulfillments`, body)).ms
          } catch (e) {
            ms = performance.now() - t0
            error = e.message
          }
          const [check] = await sql(
            `SELECT (SELECT count(*) FROM lot_serial WHERE line_item_id = $1 AND status = 'shipped' AND deleted_at IS NULL)::int AS shipped_serials,
                    (SELECT count(*) FROM lot_serial WHERE line_item_id = $1 AND status = 'shipped' AND serial_number = ANY($2) AND deleted_at IS NULL)::int AS named_shipped,
                    (SELECT coalesce(sum(quantity), 0) FROM lot_allocation WHERE line_item_id = $1 AND status = 'fulfilled' AND deleted_at IS NULL)::int AS fulfilled_units`,
            [o.line, named || []]
          )
          const correct =
            !error &&
            check.fulfilled_units === LINE_UNITS &&
            (o.kind === "lots" ? check.shipped_serials === 0 : check.shipped_serials === LINE_UNITS) &&
            (o.kind !== "named" || check.named_shipped === LINE_UNITS)
          runs.push({ kind: o.kind, round: r, order_id: o.id, warmup: r < cfg.fulfilWarmup, ms: round(ms), named: named ? named.length : 0, ...check, correct, error })
          if (error || !correct) log(`fulfilment ${o.kind} of ${o.id}: ${error || `unexpected result ${JSON.stringify(check)}`}`)
        }
      }
      const byKind = {}
      for (const kind of FULFIL_KINDS) {
        const measured = runs.filter((x) => x.kind === kind && !x.warmup)
        byKind[kind] = { ms: summarize(measured.filter((x) => !x.error).map((x) => x.ms)), failed: measured.filter((x) => x.error).length, incorrect: measured.filter((x) => !x.error && !x.correct).length }
        log(`fulfilment ${kind}: p50 ${fmt(byKind[kind].ms.p50)} ms, max ${fmt(byKind[kind].ms.max)} ms`)
      }
      return { orders_placed_s: round(placedMs / 1000), allocation_wait_ms: allocationWaitMs, serials_reserved_at_allocation: reservedSerials.n, runs, by_kind: byKind }
    })

    // ── Invariants on what the benchmark produced ──
    const [consistency] = await sql(`
      WITH s AS (
        SELECT lot_id, location_id, count(*) FILTER (WHERE status IN ('in_stock', 'reserved')) AS live, count(*) FILTER (WHERE status = 'reserved') AS reserved
          FROM lot_serial WHERE deleted_at IS NULL GROUP BY 1, 2),
      st AS (
        SELECT ls.lot_id, ls.location_id, ls.stocked_quantity, ls.reserved_quantity
          FROM lot_stock ls JOIN lot l ON l.id = ls.lot_id AND l.deleted_at IS NULL
          JOIN lot_tracking_policy p ON p.inventory_item_id = l.inventory_item_id AND p.serialized AND p.deleted_at IS NULL
         WHERE ls.deleted_at IS NULL),
      lots AS (
        SELECT l.inventory_item_id, s.location_id, sum(s.stocked_quantity) AS stocked
          FROM lot_stock s JOIN lot l ON l.id = s.lot_id WHERE s.deleted_at IS NULL AND l.deleted_at IS NULL GROUP BY 1, 2)
      SELECT
        (SELECT count(*) FROM st FULL JOIN s USING (lot_id, location_id) WHERE coalesce(s.live, 0) <> coalesce(st.stocked_quantity, 0))::int AS serials_vs_stocked_mismatches,
        (SELECT count(*) FROM st JOIN s USING (lot_id, location_id) WHERE s.reserved > st.reserved_quantity)::int AS serials_reserved_above_lot_reserved,
        (SELECT count(*) FROM inventory_level v JOIN lot_tracking_policy p ON p.inventory_item_id = v.inventory_item_id AND p.tracked AND p.deleted_at IS NULL
           LEFT JOIN lots x ON x.inventory_item_id = v.inventory_item_id AND x.location_id = v.location_id
          WHERE v.deleted_at IS NULL AND v.stocked_quantity <> coalesce(x.stocked, 0))::int AS lot_stock_vs_medusa_level_mismatches,
        (SELECT count(*) FROM lot_serial WHERE deleted_at IS NULL)::int AS serials_total`)
    const sizes = await sql(
      `SELECT relname AS table, n_live_tup::bigint AS rows, pg_size_pretty(pg_total_relation_size(relid)) AS size
         FROM pg_stat_user_tables WHERE relname IN ('lot_serial', 'lot_serial_movement', 'lot', 'lot_stock') ORDER BY pg_total_relation_size(relid) DESC`
    )
    const stopped = await ctx.stopServer()

    // ── Figures ──
    const failed = (name) => errors.find((e) => e.section === name)
    const miss = (name) => ({ value: `failed: ${failed(name).error.slice(0, 160)}`, unit: "", pass: false })
    const targets = []
    const exact = lookups && lookups.exact
    targets.push({
      name: `lookup of one serial among ${total.toLocaleString("en")}, GET /admin/serials?q=<exact> (p95${exact && exact.wrong_answers ? `; ${exact.wrong_answers} wrong answers` : ""})`,
      target: `< ${TARGET_LOOKUP_P95_MS} ms`,
      ...(exact ? { value: round(exact.ms.p95), unit: " ms", pass: exact.ms.p95 !== null && exact.ms.p95 < TARGET_LOOKUP_P95_MS && exact.wrong_answers === 0 } : miss("lookups")),
    })
    for (const key of ["generated", "named"]) {
      const k = receipts && receipts.by_kind[key]
      targets.push({
        name: `receipt of ${RECEIPT_UNITS.toLocaleString("en")} serials in one request, ${k ? k.label : key} (median of ${cfg.receiptRuns}${k && k.failed ? `; ${k.failed} failed` : ""})`,
        target: `< ${TARGET_RECEIVE_MS / 1000} s`,
        ...(k ? { value: k.ms.p50 === null ? "no successful run" : round(k.ms.p50 / 1000, 2), unit: k.ms.p50 === null ? "" : " s", pass: k.ms.p50 !== null && k.ms.p50 < TARGET_RECEIVE_MS && k.failed === 0 } : miss("receipts")),
      })
    }
    for (const [key, label] of [["named", "100 serials named in additional_data.serials"], ["auto", "capture auto, serials not named"]]) {
      const k = fulfilment && fulfilment.by_kind[key]
      targets.push({
        name: `fulfilment of a line of ${LINE_UNITS} serialized units, ${label} (median of ${cfg.fulfilOrders}${k && (k.failed || k.incorrect) ? `; ${k.failed} failed, ${k.incorrect} incorrect` : ""})`,
        target: `< ${TARGET_FULFIL_MS} ms`,
        ...(k ? { value: k.ms.p50 === null ? "no successful run" : round(k.ms.p50), unit: k.ms.p50 === null ? "" : " ms", pass: k.ms.p50 !== null && k.ms.p50 < TARGET_FULFIL_MS && !k.failed && !k.incorrect } : miss("fulfilment")),
      })
    }

    const lines = []
    lines.push(`Data: ${Object.entries(seeded.counts).map(([k, v]) => `${k} ${v}`).join(", ")}; seed ${fmt(seedMs / 1000)} s + VACUUM ANALYZE ${fmt(vacuumMs / 1000)} s`)
    if (lookups) {
      lines.push("")
      lines.push(`(a) Lookups among ${total.toLocaleString("en")} serials, one request at a time, random serials`)
      lines.push(
        table([
          ["request", "n", "wrong", "p50 ms", "p95 ms", "p99 ms", "max ms", "bytes"],
          ...Object.values(lookups).map((k) => [k.label, k.ms.n, k.wrong_answers, fmt(k.ms.p50), fmt(k.ms.p95), fmt(k.ms.p99), fmt(k.ms.max), k.max_bytes]),
        ])
      )
    }
    if (receipts) {
      lines.push("")
      lines.push(`(b) POST /admin/lots receiving ${RECEIPT_UNITS.toLocaleString("en")} serials into an item holding ${perItem.toLocaleString("en")}`)
      lines.push(
        table([
          ["serials", "run", "ms", "request B", "response B", "serials in lot", "error"],
          ...receipts.runs.map((x) => [x.kind, x.run + 1, fmt(x.ms), x.request_bytes, x.response_bytes ?? "-", x.serials_in_lot ?? "-", x.error ? x.error.slice(0, 80) : ""]),
        ])
      )
    }
    if (fulfilment) {
      lines.push("")
      lines.push(`(c) POST /admin/orders/:id/fulfillments, one line of ${LINE_UNITS} units, kinds interleaved, ${cfg.fulfilWarmup} warm-up round(s) discarded`)
      lines.push(
        table([
          ["line", "n", "failed", "incorrect", "p50 ms", "mean ms", "max ms"],
          ...FULFIL_KINDS.map((k) => {
            const f = fulfilment.by_kind[k]
            const label = { lots: "lot-tracked, no serials (baseline)", named: "serialized, 100 serials named", auto: "serialized, capture auto" }[k]
            return [label, f.ms.n, f.failed, f.incorrect, fmt(f.ms.p50), fmt(f.ms.mean), fmt(f.ms.max)]
          }),
        ])
      )
      lines.push(`orders placed through the store API in ${fulfilment.orders_placed_s} s; serials reserved at allocation: ${fulfilment.serials_reserved_at_allocation}`)
    }
    lines.push("")
    lines.push(
      `Consistency after the run: ${consistency.serials_vs_stocked_mismatches} lot/location with in-stock+reserved serials <> stocked, ` +
        `${consistency.serials_reserved_above_lot_reserved} with reserved serials > lot reserved, ` +
        `${consistency.lot_stock_vs_medusa_level_mismatches} lot stock vs Medusa level mismatches (${consistency.serials_total} serials)`
    )
    for (const e of errors) lines.push(`FAILED ${e.section}: ${e.error}`)

    return {
      table: lines.join("\n"),
      targets,
      results: {
        database: db.name,
        // Other processes on the machine share its cores: the load average says how much.
        machine_load: { at_start: loadAtStart, at_end: os.loadavg().map((x) => round(x, 2)) },
        config: cfg,
        data: seeded.counts,
        table_sizes: sizes,
        lot_serial_indexes: indexes,
        setup_s: {
          store_exec: round(storeMs / 1000),
          server_ready: round(server.readyMs / 1000),
          policies_api: round(policiesMs / 1000, 2),
          seed: round(seedMs / 1000),
          seed_parts_ms: { ...items.timings_ms, ...seeded.timings_ms },
          vacuum_analyze: round(vacuumMs / 1000),
        },
        server_restarts: stopped ? stopped.restarts : null,
        server_log_errors: stopped ? { count: stopped.errorLines, sample: stopped.errorSample } : null,
        lookups,
        receipts,
        fulfilment,
        consistency,
        errors,
      },
    }
  } finally {
    if (client) await client.end().catch(() => {})
    await ctx.stopServer()
    if (!ctx.options.keep) {
      await dropDatabase(ctx.pgInfo, db.name).then(
        () => log(`database ${db.name} dropped`),
        (e) => log(`could not drop ${db.name}: ${e.message}`)
      )
    } else {
      log(`database kept: ${db.url}`)
    }
  }
}

module.exports = {
  description: "serials: lookup among 1,000,000, receipt of 10,000 in one request, fulfilment of a line of 100 serialized units",
  run,
}
