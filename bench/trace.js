"use strict"
/**
 * Traceability and recall benchmark (`npm run bench -- trace`, or alone:
 * `node bench/trace.js [--keep] [--runs=N] [--small]`).
 *
 * In a dedicated database (created, migrated, dropped at the end unless
 * --keep), bench/trace/seed.js writes in SQL (INSERT ... SELECT
 * generate_series) 100,000 lots, 300,000 orders with customers, addresses,
 * line items and fulfilments, and 1,000,000 allocations; one lot,
 * HOT-LOT-0001, shipped in 10,000 orders and holds 100 open reservations.
 * Then, against a real Medusa server (the harness's `medusa start`):
 *
 *   (a) the forward trace of the hot lot, `GET /admin/lots/:id/trace`
 *       (first page of shipments + totals over all 10,000 + receipts),
 *       p50/p95 over repeated calls; the full 10,000-row trace statement is
 *       timed in-process too, and the EXPLAIN ANALYZE of every trace
 *       statement is printed (no sequential scan of lot_allocation allowed);
 *   (b) opening a recall on the hot lot end to end, `POST /admin/recalls`
 *       (block, move the 100 reservations, list 10,000 affected orders);
 *   (c) the CSV exports: `GET /admin/recalls/:id/export` and
 *       `GET /admin/lots/:id/trace?format=csv` (10,000 rows each);
 *   (d) the KPIs, `GET /admin/lot-tracking/kpis?from&to` over 365 and over 30
 *       days, p50/p95 (the server runs in Europe/Paris, so periods start and
 *       end off UTC midnight, as for most merchants); EXPLAIN ANALYZE of the
 *       traceability and lot accuracy statements is printed with the others.
 *
 * Targets (issue #13): trace p95 < 20 ms, recall opening < 1 s, KPIs over
 * 365 days p95 < 500 ms and over 30 days p95 < 100 ms, export < 2 s.
 * Results: bench/results/trace.json (written by scripts/bench.js, or by this
 * file when run alone).
 */

const fs = require("fs")
const path = require("path")
const { summarize, table, fmt } = require("./lib/stats")
const { connect, timed } = require("./lib/tools")
const { createClient, adminLogin } = require("../integration-tests/helpers/store-client")
const { resolvePostgres, ensureDatabase, dropDatabase } = require("../scripts/lib/postgres")
const { REPO_ROOT } = require("../scripts/lib/process")
const { seed, HOT_LOT_ID, HOT_LOT_NUMBER } = require("./trace/seed")

const TARGET_TRACE_P95_MS = 20
const TARGET_RECALL_MS = 1000
const TARGET_EXPORT_MS = 2000
const TARGET_KPI_365_P95_MS = 500
const TARGET_KPI_30_P95_MS = 100
/** The merchant's time zone for the run: periods then start at 23:00 or 22:00 UTC. */
const TIME_ZONE = "Europe/Paris"
const DEDICATED_DB = "lot_tracking_trace_bench"

const round = (v, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d)

function config(options) {
  const small = Boolean(options.small || options.quick)
  return {
    seed: small
      ? { items: 200, lotsPerItem: 50, customers: 10000, orders: 30000, allocations: 100000, hotOrders: 10000, hotReserved: 100, reservedOrders: 1000 }
      : {},
    traceRuns: Number(options.runs) || 200,
    // The server's JIT and connection pool warm up on the first calls (a merchant's server is warm).
    traceWarmup: 100,
    exportRuns: 5,
    kpiRuns: 20,
    kpiWarmup: 3,
  }
}

/** The merchant's calendar day in TIME_ZONE, YYYY-MM-DD. */
function localDay(date) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(date)
}

/** The two KPI periods, both ending today in TIME_ZONE: 365 days and 30 days. */
function kpiPeriods() {
  const today = localDay(new Date())
  const back = (days) => {
    const d = new Date(`${today}T12:00:00Z`)
    d.setUTCDate(d.getUTCDate() - days)
    return d.toISOString().slice(0, 10)
  }
  return { days_365: { from: back(364), to: today }, days_30: { from: back(29), to: today } }
}

/** GET returning { status, bytes, ms } without parsing (CSV) or with parsing (JSON). */
async function request(url, headers, { json = true, method = "GET", body } = {}) {
  const t0 = process.hrtime.bigint()
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${text.slice(0, 500)}`)
  return { ms, bytes: Buffer.byteLength(text), data: json ? JSON.parse(text) : text, headers: res.headers }
}

/**
 * The database this benchmark owns: the runner's own when run alone
 * (`ctx.traceDatabase`), else `<runner database>_trace`, created and
 * migrated here so the million rows never reach other benchmarks.
 */
async function prepareDatabase(ctx, log) {
  if (ctx.traceDatabase) return { ...ctx.traceDatabase, owned: false }
  const name = `${ctx.dbName}_trace`
  await dropDatabase(ctx.pgInfo, name)
  await ensureDatabase(ctx.pgInfo, name)
  const url = ctx.pgInfo.adminUrl(name)
  await ctx.medusa(["db:migrate"], { env: { DATABASE_URL: url }, title: `migrations of ${name}` })
  log(`dedicated database ${name} created and migrated`)
  return { name, url, owned: true }
}

async function run(ctx) {
  const os = require("os")
  const loadAtStart = os.loadavg().map((x) => round(x, 2))
  const cfg = config(ctx.options)
  const log = (m) => ctx.log(`trace: ${m}`)
  const db = await prepareDatabase(ctx, log)
  const env = { DATABASE_URL: db.url, LOT_TRACKING_TIME_ZONE: TIME_ZONE }
  let client = null
  try {
    // ── Seed (before the server starts) ──
    client = await connect(db.url)
    const { ms: seedMs, value: seeded } = await timed(() => seed(client, cfg.seed, log))
    const { ms: vacuumMs } = await timed(() => client.query("VACUUM ANALYZE"))
    log(`seeded in ${(seedMs / 1000).toFixed(1)} s (+ VACUUM ANALYZE ${(vacuumMs / 1000).toFixed(1)} s): ${JSON.stringify(seeded.counts)}`)
    const sizes = (
      await client.query(
        `SELECT relname AS table, n_live_tup::bigint AS rows, pg_size_pretty(pg_total_relation_size(relid)) AS size
           FROM pg_stat_user_tables WHERE relname IN ('lot','lot_stock','lot_movement','lot_allocation','order','order_line_item','order_item','customer','order_address','fulfillment','fulfillment_address')
          ORDER BY pg_total_relation_size(relid) DESC`
      )
    ).rows
    await client.end()
    client = null

    // ── Query plans and the full trace in-process ──
    const { output: explain } = await ctx.exec("./bench/trace/explain.ts", {
      input: { lot_id: HOT_LOT_ID, runs: 20, kpi_periods: kpiPeriods() },
      env,
      title: "EXPLAIN ANALYZE (medusa exec bench/trace/explain.ts)",
    })
    for (const [name, plan] of Object.entries(explain.plans)) {
      console.log(`\n── EXPLAIN ANALYZE ${name} (${fmt(plan.execution_ms, 1)} ms; seq scans: ${plan.seq_scans.join(", ") || "none"})\n${plan.text}`)
    }
    const allocationSeqScan = Object.entries(explain.seq_scans).filter(([, rels]) => rels.includes("lot_allocation")).map(([k]) => k)

    // ── Server and admin ──
    const email = `bench-trace-${Date.now()}@lot-tracking.test`
    const password = `bench-${Math.random().toString(36).slice(2)}-pw`
    await ctx.medusa(["user", "-e", email, "-p", password], { env, title: "admin user (npx medusa user)" })
    const server = await ctx.startServer({ env })
    const api = createClient(server.url)
    const admin = await adminLogin(api, email, password)
    const base = server.url

    // (a) forward trace through the API
    const traceUrl = `${base}/admin/lots/${HOT_LOT_ID}/trace`
    const first = await request(traceUrl, admin)
    if (first.data.summary.shipments !== seeded.counts.hot_lot_orders) {
      throw new Error(`trace counted ${first.data.summary.shipments} shipments, expected ${seeded.counts.hot_lot_orders}`)
    }
    for (let i = 0; i < cfg.traceWarmup; i++) await request(traceUrl, admin)
    const traceMs = []
    for (let i = 0; i < cfg.traceRuns; i++) traceMs.push((await request(traceUrl, admin)).ms)
    const trace = summarize(traceMs)
    // Baseline: the lightest authenticated admin GET of Medusa itself, on the same server.
    const baselineMs = []
    for (let i = 0; i < cfg.traceRuns; i++) baselineMs.push((await request(`${base}/admin/users/me`, admin)).ms)
    const baseline = summarize(baselineMs)
    log(`trace (page of 50 + totals): p50 ${fmt(trace.p50)} ms, p95 ${fmt(trace.p95)} ms over ${trace.n} calls`)
    const bigPageMs = []
    let bigPageBytes = 0
    for (let i = 0; i < 10; i++) {
      const r = await request(`${traceUrl}?limit=1000&offset=${i * 1000}`, admin)
      bigPageMs.push(r.ms)
      bigPageBytes = Math.max(bigPageBytes, r.bytes)
    }
    const bigPage = summarize(bigPageMs)

    // (d) KPIs over a year and over the default 30 days
    const kpis = {}
    for (const [name, period] of Object.entries(kpiPeriods())) {
      const url = `${base}/admin/lot-tracking/kpis?from=${period.from}&to=${period.to}`
      const firstKpi = await request(url, admin)
      const tr = firstKpi.data.kpis.traceability_rate
      if (!(tr.shipped_units > 0)) throw new Error(`KPIs ${name}: nothing shipped in ${period.from}..${period.to}`)
      for (let i = 0; i < cfg.kpiWarmup; i++) await request(url, admin)
      const ms = []
      for (let i = 0; i < cfg.kpiRuns; i++) ms.push((await request(url, admin)).ms)
      kpis[name] = { period, first_ms: round(firstKpi.ms), ms: summarize(ms), figures: firstKpi.data.kpis, bytes: firstKpi.bytes }
      log(`KPIs ${name}: p50 ${fmt(kpis[name].ms.p50)} ms, p95 ${fmt(kpis[name].ms.p95)} ms (traceability ${tr.rate} over ${tr.fulfillments} fulfilments, ${tr.shipped_units} units)`)
    }

    // (c1) lot trace CSV (before the recall changes anything)
    const lotCsvMs = []
    let lotCsvBytes = 0
    let lotCsvRows = 0
    for (let i = 0; i < cfg.exportRuns; i++) {
      const r = await request(`${traceUrl}?format=csv`, admin, { json: false })
      lotCsvMs.push(r.ms)
      lotCsvBytes = r.bytes
      lotCsvRows = r.data.trim().split("\r\n").length - 1
    }
    const lotCsv = summarize(lotCsvMs)

    // (b) open a recall on the hot lot, end to end
    const opened = await request(`${base}/admin/recalls`, admin, {
      method: "POST",
      body: { lot_ids: [HOT_LOT_ID], reason: "Benchmark: contamination reported by the supplier", public_reason: "Do not use", classification: "I" },
    })
    const recall = opened.data.recall
    log(
      `recall ${recall.reference} opened in ${fmt(opened.ms)} ms (recall_time_ms ${recall.recall_time_ms}; reallocation ${recall.reallocation.duration_ms} ms ` +
        `‖ listing read ${recall.affected?.duration_ms?.read} + write ${recall.affected?.duration_ms?.write} ms; ${opened.data.count} notices, ${recall.reallocation.released_units} units moved)`
    )

    // (c2) recall export
    const recallCsvMs = []
    let recallCsvBytes = 0
    let recallCsvRows = 0
    for (let i = 0; i < cfg.exportRuns; i++) {
      const r = await request(`${base}/admin/recalls/${recall.id}/export`, admin, { json: false })
      recallCsvMs.push(r.ms)
      recallCsvBytes = r.bytes
      recallCsvRows = r.data.trim().split("\r\n").length - 1
    }
    const recallCsv = summarize(recallCsvMs)
    const detail = await timed(() => request(`${base}/admin/recalls/${recall.id}`, admin))
    const stopped = await ctx.stopServer()

    const exportMax = Math.max(recallCsv.p95, lotCsv.p95)
    const targets = [
      {
        name: `forward trace GET /admin/lots/:id/trace, lot in ${seeded.counts.hot_lot_orders} orders (p95)`,
        value: round(trace.p95),
        unit: " ms",
        target: `< ${TARGET_TRACE_P95_MS} ms`,
        pass: trace.p95 < TARGET_TRACE_P95_MS,
        baseline: `Medusa's GET /admin/users/me on the same server: p50 ${fmt(baseline.p50)} ms, p95 ${fmt(baseline.p95)} ms`,
        reference: "4 indexed statements (lot, page of 50 shipments, totals, returns), about 3 ms in PostgreSQL",
      },
      {
        name: `open a recall POST /admin/recalls (${opened.data.count} affected orders, end to end)`,
        value: round(opened.ms),
        unit: " ms",
        target: `< ${TARGET_RECALL_MS} ms`,
        pass: opened.ms < TARGET_RECALL_MS,
        reference: "one INSERT ... SELECT of the notices plus the moved reservations, in one workflow",
      },
      {
        name: `CSV export (${recallCsvRows} rows; p95 of recall and lot exports)`,
        value: round(exportMax),
        unit: " ms",
        target: `< ${TARGET_EXPORT_MS} ms`,
        pass: exportMax < TARGET_EXPORT_MS,
      },
      {
        name: `KPIs over 365 days GET /admin/lot-tracking/kpis (p95, ${kpis.days_365.figures.traceability_rate.fulfillments} fulfilments)`,
        value: round(kpis.days_365.ms.p95),
        unit: " ms",
        target: `< ${TARGET_KPI_365_P95_MS} ms`,
        pass: kpis.days_365.ms.p95 < TARGET_KPI_365_P95_MS,
        reference: "a scan of a year of the per-fulfilment rollup (lot_kpi_shipment) and the day counts",
      },
      {
        name: `KPIs over 30 days (p95, ${kpis.days_30.figures.traceability_rate.fulfillments} fulfilments)`,
        value: round(kpis.days_30.ms.p95),
        unit: " ms",
        target: `< ${TARGET_KPI_30_P95_MS} ms`,
        pass: kpis.days_30.ms.p95 < TARGET_KPI_30_P95_MS,
        reference: "an index-only scan of a month of the rollup",
      },
      {
        name: "trace statements use indexes (no sequential scan of lot_allocation)",
        value: allocationSeqScan.length ? `seq scan in ${allocationSeqScan.join(", ")}` : "index only",
        unit: "",
        target: "no seq scan",
        pass: allocationSeqScan.length === 0,
      },
    ]

    const lines = []
    lines.push(`Data: ${Object.entries(seeded.counts).map(([k, v]) => `${k} ${v}`).join(", ")}`)
    lines.push(
      table([
        ["measure", "n", "p50 ms", "p95 ms", "max ms", "size"],
        ["(a) trace API, page of 50 + totals + receipts", trace.n, fmt(trace.p50), fmt(trace.p95), fmt(trace.max), `${first.bytes} B`],
        ["(a) trace API, pages of 1,000 shipments", bigPage.n, fmt(bigPage.p50), fmt(bigPage.p95), fmt(bigPage.max), `${bigPageBytes} B`],
        [`(a) full trace statement in-process (${explain.full_trace_in_process_ms.rows} rows)`, explain.full_trace_in_process_ms.n, fmt(explain.full_trace_in_process_ms.p50), fmt(explain.full_trace_in_process_ms.p95), fmt(explain.full_trace_in_process_ms.max), ""],
        ["(b) open recall, end to end", 1, fmt(opened.ms), "", "", `recall_time_ms ${recall.recall_time_ms}`],
        ["(c) recall export CSV", recallCsv.n, fmt(recallCsv.p50), fmt(recallCsv.p95), fmt(recallCsv.max), `${recallCsvRows} rows, ${recallCsvBytes} B`],
        ["(c) lot trace CSV", lotCsv.n, fmt(lotCsv.p50), fmt(lotCsv.p95), fmt(lotCsv.max), `${lotCsvRows} rows, ${lotCsvBytes} B`],
        ["recall detail GET /admin/recalls/:id", 1, fmt(detail.ms), "", "", ""],
        ["(d) KPIs over 365 days", kpis.days_365.ms.n, fmt(kpis.days_365.ms.p50), fmt(kpis.days_365.ms.p95), fmt(kpis.days_365.ms.max), `first ${fmt(kpis.days_365.first_ms)} ms`],
        ["(d) KPIs over 30 days", kpis.days_30.ms.n, fmt(kpis.days_30.ms.p50), fmt(kpis.days_30.ms.p95), fmt(kpis.days_30.ms.max), `first ${fmt(kpis.days_30.first_ms)} ms`],
      ])
    )
    lines.push(`EXPLAIN execution: ${Object.entries(explain.plans).map(([k, p]) => `${k} ${fmt(p.execution_ms, 1)} ms`).join(", ")}`)

    return {
      table: lines.join("\n"),
      targets,
      results: {
        database: db.name,
        // Other processes on the machine share its cores: the load average says how much.
        machine_load: { at_start: loadAtStart, at_end: os.loadavg().map((x) => round(x, 2)) },
        data: seeded.counts,
        seed_config: seeded.config,
        table_sizes: sizes,
        setup_s: { seed: round(seedMs / 1000), vacuum_analyze: round(vacuumMs / 1000), server_ready: round(server.readyMs / 1000) },
        seed_timings_ms: seeded.timings_ms,
        server_restarts: stopped ? stopped.restarts : null,
        server_log_errors: stopped ? { count: stopped.errorLines, sample: stopped.errorSample } : null,
        trace: {
          lot: { id: HOT_LOT_ID, lot_number: HOT_LOT_NUMBER, shipments: first.data.summary.shipments, orders: first.data.summary.orders, units_shipped: first.data.summary.units_shipped },
          api_page_of_50_ms: trace,
          baseline_admin_users_me_ms: baseline,
          api_page_of_1000_ms: bigPage,
          full_statement_in_process_ms: explain.full_trace_in_process_ms,
          response_bytes: first.bytes,
        },
        recall: {
          wall_ms: round(opened.ms),
          recall_time_ms: recall.recall_time_ms,
          notices: opened.data.count,
          customers: recall.summary.notices.customers,
          reallocation: {
            released_units: recall.reallocation.released_units,
            reallocated_units: recall.reallocation.reallocated_units,
            shortfall_units: recall.reallocation.shortfall_units,
            lines: recall.reallocation.lines.length,
          },
          detail_ms: round(detail.ms),
          step_ms: { reallocation: recall.reallocation.duration_ms ?? null, listing: recall.affected ? recall.affected.duration_ms : null },
        },
        kpis: Object.fromEntries(
          Object.entries(kpis).map(([k, v]) => [
            k,
            {
              period: v.period,
              time_zone: TIME_ZONE,
              first_ms: v.first_ms,
              ms: v.ms,
              traceability: { ...v.figures.traceability_rate, untraced_items: v.figures.traceability_rate.untraced_items.length },
              lot_accuracy: { rate: v.figures.lot_accuracy_rate.rate, pairs: v.figures.lot_accuracy_rate.pairs },
              inventory_accuracy: v.figures.inventory_accuracy_rate,
              expiration_loss: { rate: v.figures.expiration_loss.rate, expired_units: v.figures.expiration_loss.expired_units, received_units: v.figures.expiration_loss.received_units },
            },
          ])
        ),
        export: { recall_csv_ms: recallCsv, recall_csv_rows: recallCsvRows, recall_csv_bytes: recallCsvBytes, lot_csv_ms: lotCsv, lot_csv_rows: lotCsvRows, lot_csv_bytes: lotCsvBytes },
        explain: {
          seq_scans: explain.seq_scans,
          execution_ms: Object.fromEntries(Object.entries(explain.plans).map(([k, p]) => [k, round(p.execution_ms, 2)])),
          plans: Object.fromEntries(Object.entries(explain.plans).map(([k, p]) => [k, p.text.split("\n")])),
        },
      },
    }
  } finally {
    if (client) await client.end().catch(() => {})
    await ctx.stopServer()
    if (db.owned && !ctx.options.keep) {
      await dropDatabase(ctx.pgInfo, db.name).then(
        () => log(`database ${db.name} dropped`),
        (e) => log(`could not drop ${db.name}: ${e.message}`)
      )
    }
  }
}

module.exports = {
  description: "forward trace of a lot shipped in 10,000 orders (1M allocations), recall opening, CSV export and KPIs over 365 and 30 days",
  run,
}

/**
 * Alone: `node bench/trace.js [--keep] [--runs=N] [--small]`. Same harness
 * as scripts/bench.js, but its own database (lot_tracking_trace_bench), so it
 * never drops the shared benchmark database another run may be using.
 */
async function main() {
  const { createHarness } = require("./lib/harness")
  process.env.MEDUSA_DISABLE_TELEMETRY = "true"
  const options = {}
  for (const a of process.argv.slice(2)) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a)
    if (m) options[m[1]] = m[2] === undefined ? true : m[2]
  }
  const started = Date.now()
  const log = (msg) => console.log(`[bench] ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s ${msg}`)
  const pgInfo = await resolvePostgres({ log: (m) => log(`db: ${m}`) })
  await dropDatabase(pgInfo, DEDICATED_DB)
  await ensureDatabase(pgInfo, DEDICATED_DB)
  const databaseUrl = pgInfo.adminUrl(DEDICATED_DB)
  const harness = createHarness({ pgInfo, dbName: DEDICATED_DB, databaseUrl, options, log })
  let outcome = null
  let failed = null
  try {
    const migrate = await harness.ctx.medusa(["db:migrate"], { title: "migrations (npx medusa db:migrate)" })
    harness.ctx.traceDatabase = { name: DEDICATED_DB, url: databaseUrl }
    outcome = await run(harness.ctx)
    outcome.results.migrate_s = round(migrate.ms / 1000)
  } catch (e) {
    failed = e
  } finally {
    await harness.shutdown()
    if (!options.keep) await dropDatabase(pgInfo, DEDICATED_DB).catch(() => {})
    else log(`database kept: ${databaseUrl}`)
    await pgInfo.stop().catch(() => {})
    fs.rmSync(harness.tmpDir, { recursive: true, force: true })
  }
  if (failed) {
    console.error(`[bench] ERROR: ${failed.stack || failed}`)
    process.exit(1)
  }
  console.log(`\n${outcome.table}\n`)
  for (const t of outcome.targets) console.log(`  ${t.pass ? "PASS" : "MISS"}  ${t.name}: ${t.value}${t.unit} (target ${t.target})`)
  const os = require("os")
  const file = path.join(REPO_ROOT, "bench", "results", "trace.json")
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: "trace",
        description: module.exports.description,
        date: new Date().toISOString(),
        machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memory_gb: round(os.totalmem() / 1024 ** 3), node: process.version, loadavg: os.loadavg().map((x) => round(x, 2)) },
        medusa: require(path.join(REPO_ROOT, "node_modules", "@medusajs", "medusa", "package.json")).version,
        options,
        duration_s: round((Date.now() - started) / 1000),
        targets: outcome.targets,
        ...outcome.results,
      },
      null,
      2
    )}\n`
  )
  log(`results: ${path.relative(REPO_ROOT, file)}`)
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
