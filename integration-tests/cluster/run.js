#!/usr/bin/env node
"use strict"
/**
 * Several instances, tested (`npm run test:cluster`; the `cluster` stage of
 * `npm test`). The deployment of docs/DEPLOYMENT.md on one machine:
 *
 *   server A, server B   npx medusa start, MEDUSA_WORKER_MODE=server (HTTP only)
 *   worker               npx medusa start, MEDUSA_WORKER_MODE=worker (subscribers, jobs)
 *   one PostgreSQL       a fresh database, migrated once, seeded by seed.ts
 *   one Redis            event bus, workflow engine and locking (REDIS_URL)
 *
 * 1. Burst: carts split across both servers race for short stock of a tracked
 *    item (60 units in three lots) while the warehouse fulfils some of the
 *    placed orders through the other server. Then: no lot over-reserved or
 *    negative, every accepted order's lines on lots exactly once (allocated by
 *    the worker: the servers process no event), lot stock equal to Medusa's
 *    levels and reservations.
 * 2. Recall: a recall opened through server A blocks, at once, a fulfilment
 *    through server B that names the recalled lot; nothing ships from it.
 * 3. Fault: a new lot is received through server B, a second burst of carts
 *    races for it, the worker is SIGKILLed after the first orders of the burst
 *    are placed, and a new worker is started once the burst is over. No lot is
 *    reserved while no worker runs; then every accepted order still gets its
 *    lots exactly once (the new worker takes the queued events; reconcile,
 *    through the admin API as a merchant would, only if some were lost), and
 *    the books balance.
 * Throughout: no lot-tracking route answers 5xx (lock time-outs and transient
 * conflicts are 409); core's checkout may refuse carts when stock is short.
 *
 * Environment:
 *   CLUSTER_REDIS_URL   Redis to use (default redis://127.0.0.1:6379; started here when nothing answers there)
 *   CLUSTER_REDIS_DB    its database index (default 13), emptied before and after the run
 *   CLUSTER_DB_NAME     database (default lot_tracking_cluster), dropped and created, dropped at the end
 *   CLUSTER_KEEP=1      keep the database and logs for a look afterwards
 *   (PostgreSQL: scripts/lib/postgres.js: DATABASE_URL, else localhost:5432, else embedded)
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { resolvePostgres, ensureDatabase, dropDatabase } = require("../../scripts/lib/postgres")
const { truthy, killGroup } = require("../../scripts/lib/process")
const { resolveRedis, medusa, startInstance, crash, readLog } = require("./lib/cluster")
const shop = require("./lib/shop")
const ledger = require("./lib/books")

const CONFIG = {
  dbName: process.env.CLUSTER_DB_NAME || "lot_tracking_cluster",
  burst1: 100,
  burst2: 60,
  /**
   * Once this many orders of the second burst are placed, the worker is
   * killed as soon as it is handling an event inside the plugin's lot lock
   * (else handling any event after 3 s, else after 6 s whatever it does).
   */
  killAfterOrders: 10,
  /** The warehouse fulfils every n-th order of the first burst as soon as it is placed. */
  fulfilEvery: 5,
  /** Units received through server B for the second burst, on top of the units the recall left short. */
  secondReceipt: 40,
  prepareConcurrency: 8,
  allocationDeadlineMs: 180000,
  reconcileDeadlineMs: 60000,
  booksDeadlineMs: 30000,
}

const color = (c, s) => (process.stdout.isTTY ? `\x1b[${c}m${s}\x1b[0m` : s)
const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
const log = (msg) => console.log(`${color(36, "[cluster]")} ${color(2, elapsed().padStart(7))} ${msg}`)

const children = new Set()
const track = (child) => {
  children.add(child)
  child.once("exit", () => children.delete(child))
}

const checks = [] // { name, pass, detail }
let interrupted = false
function check(name, pass, detail = "") {
  if (interrupted) return // the run is being stopped: what fails now is the stopping
  checks.push({ name, pass: Boolean(pass), detail })
  log(`${pass ? color(32, "PASS") : color(31, "FAIL")} ${name}${detail ? ` — ${detail}` : ""}`)
}

/** Polls `fn` until it returns a truthy value or the deadline passes; resolves the last value. */
async function pollUntil(fn, { timeoutMs, intervalMs = 500, onTick }) {
  const deadline = Date.now() + timeoutMs
  let lastTick = Date.now()
  for (;;) {
    const value = await fn()
    if (value.done || Date.now() > deadline) return value
    if (onTick && Date.now() - lastTick > 10000) {
      lastTick = Date.now()
      onTick(value)
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

let state = { pg: null, redis: null, sql: null, tmpDir: null, databaseCreated: false }
let cleaningUp = null

async function cleanup() {
  if (cleaningUp) return cleaningUp
  cleaningUp = (async () => {
    await Promise.all([...children].map((c) => killGroup(c, 5000).catch(() => {})))
    if (state.sql) await state.sql.end()
    const keep = truthy(process.env.CLUSTER_KEEP)
    if (state.pg && state.databaseCreated && !keep) {
      await dropDatabase(state.pg, CONFIG.dbName).catch((e) => log(`could not drop ${CONFIG.dbName}: ${e.message}`))
    }
    if (state.redis && !state.redis.started && !keep) await state.redis.flush().catch(() => {})
    if (state.pg) await state.pg.stop().catch(() => {})
    if (keep) log(`kept database ${CONFIG.dbName} and Redis db ${state.redis && state.redis.db} (CLUSTER_KEEP)`)
  })()
  return cleaningUp
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, async () => {
    interrupted = true
    log(`${sig}: stopping every instance`)
    await cleanup()
    process.exit(128 + (sig === "SIGINT" ? 2 : sig === "SIGTERM" ? 15 : 1))
  })
}

/** The order lines (tracked item) of placed orders, as `ledger.coverage` takes them. */
const linesOf = (placed) => placed.flatMap((p) => p.order.items.map((i) => ({ order_id: p.order.id, line_item_id: i.id, quantity: Number(i.quantity) })))

async function waitForCoverage(sql, lines, timeoutMs, what) {
  return pollUntil(
    async () => {
      const rows = await ledger.coverage(sql, lines)
      const missing = rows.filter((r) => r.covered < r.quantity)
      const over = rows.filter((r) => r.covered > r.quantity)
      return { done: !missing.length || over.length > 0, rows, missing, over }
    },
    {
      timeoutMs,
      onTick: (v) => log(`${what}: ${v.rows.length - v.missing.length}/${v.rows.length} lines on lots, waiting`),
    }
  )
}

async function waitForBooks(sql) {
  return pollUntil(
    async () => {
      const rows = await ledger.books(sql)
      const wrong = ledger.unbalanced(rows)
      return { done: !wrong.length, rows, wrong }
    },
    { timeoutMs: CONFIG.booksDeadlineMs }
  )
}

const fmtWrong = (wrong) => wrong.map((w) => `${w.item}@${w.location}: ${w.wrong.join("; ")}`).join(" | ")
const fmtLines = (rows) =>
  rows
    .slice(0, 5)
    .map((r) => `${r.line_item_id}: qty ${r.quantity}, lots ${r.lots}, short ${r.shortfall}`)
    .join("; ")

async function main() {
  const cfg = CONFIG
  state.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "lot-tracking-cluster-"))
  const tmp = (name) => path.join(state.tmpDir, name)
  log(`logs in ${state.tmpDir}`)

  // ── PostgreSQL and Redis ──
  state.pg = await resolvePostgres({ log: (m) => log(m) })
  await dropDatabase(state.pg, cfg.dbName)
  await ensureDatabase(state.pg, cfg.dbName)
  state.databaseCreated = true
  const databaseUrl = state.pg.adminUrl(cfg.dbName)
  state.redis = await resolveRedis({ log, tmpDir: state.tmpDir, track })
  const leftover = await state.redis.flush()
  log(`Redis ${state.redis.url}${state.redis.started ? " (started here)" : ""}${leftover ? `; emptied ${leftover} keys left from an earlier run` : ""}`)

  const plainEnv = { ...process.env, DATABASE_URL: databaseUrl, MEDUSA_DISABLE_TELEMETRY: "true", NODE_ENV: "development" }
  delete plainEnv.LOCKING_REDIS_URL
  delete plainEnv.REDIS_URL
  delete plainEnv.MEDUSA_WORKER_MODE
  const clusterEnv = { ...plainEnv, REDIS_URL: state.redis.url }

  // ── Migrate once, seed (the plain app: its events are handled in the seeding process) ──
  let t = Date.now()
  await medusa(["db:migrate"], { env: clusterEnv, logFile: tmp("migrate.log"), track })
  log(`migrated in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  t = Date.now()
  const admin = { email: `cluster-admin-${Date.now()}@lot-tracking.test`, password: `cluster-${Math.random().toString(36).slice(2)}` }
  const seedOut = tmp("seed.json")
  await medusa(["exec", "./integration-tests/cluster/seed.ts", seedOut, admin.email, admin.password], { env: plainEnv, logFile: tmp("seed.log"), track })
  const seed = JSON.parse(fs.readFileSync(seedOut, "utf8"))
  const stockUnits = seed.lots.reduce((s, l) => s + l.quantity, 0)
  log(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s: ${seed.product.sku}, lots ${seed.lots.map((l) => `${l.lot_number}=${l.quantity}`).join(", ")} at Paris`)

  // ── Two API servers and a worker ──
  t = Date.now()
  const start = (name, mode) => startInstance({ name, mode, env: clusterEnv, tmpDir: state.tmpDir, track, log })
  const [A, B, W1] = await Promise.all([start("server-a", "server"), start("server-b", "server"), start("worker-1", "worker")])
  log(`three instances up in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  const sql = (state.sql = await ledger.connect(databaseUrl))
  const journal = []
  const a = shop.serverClient("A", A.url, journal)
  const b = shop.serverClient("B", B.url, journal)
  const other = (c) => (c === a ? b : a)
  const authHeaders = await shop.login(a, admin.email, admin.password)

  // ── Carts for both bursts, each prepared on the server that will complete it ──
  t = Date.now()
  const specs = Array.from({ length: cfg.burst1 + cfg.burst2 }, (_, i) => ({
    i,
    client: i % 2 === 0 ? a : b,
    quantity: i % 3 === 2 ? 2 : 1,
    email: `buyer-${i}@cluster.lot-tracking.test`,
  }))
  const carts = await shop.pool(specs, cfg.prepareConcurrency, async (s) => ({
    ...(await shop.prepareCart(s.client, seed, { email: s.email, quantity: s.quantity })),
    client: s.client,
  }))
  const carts1 = carts.slice(0, cfg.burst1)
  const carts2 = carts.slice(cfg.burst1)
  log(`prepared ${carts.length} carts in ${((Date.now() - t) / 1000).toFixed(1)} s (half on each server)`)

  // ── 1. Burst: every cart completed at once; the warehouse fulfils every n-th order through the other server ──
  t = Date.now()
  const placed1 = []
  const fulfilments = [] // { order, status, attempts }
  const warehouse = []
  const fulfilSoon = (p, client) => {
    warehouse.push(
      (async () => {
        // Was the order already on lots (the worker ahead of the warehouse) or not (the hook picks lots itself)?
        const before = await ledger.coverage(sql, linesOf([p]))
        const onLots = before.every((r) => r.covered >= r.quantity)
        let res
        let attempts = 0
        // Staff press the button again after a refusal (409 busy, or lots not yet known): a few times.
        do {
          if (attempts) await new Promise((r) => setTimeout(r, 1000))
          attempts++
          res = await shop.fulfil(client, authHeaders, p.order, seed.parisId)
        } while (res.status >= 400 && res.status < 500 && attempts < 6)
        fulfilments.push({ order: p.order.id, onLots, status: res.status, attempts, message: res.status >= 300 ? res.body && res.body.message : undefined })
      })()
    )
  }
  const results1 = await Promise.all(
    carts1.map((cart) =>
      shop.completeCart(cart.client, cart).then((r) => {
        if (r.order) {
          placed1.push(r)
          if (placed1.length % cfg.fulfilEvery === 0) fulfilSoon(r, other(cart.client))
        }
        return r
      })
    )
  )
  const burst1Ms = Date.now() - t
  await Promise.all(warehouse)
  const refused1 = results1.filter((r) => r.refused)
  const byServer = (list, name) => list.filter((r) => r.server === name).length
  const units1 = placed1.reduce((s, p) => s + p.order.items.reduce((u, i) => u + Number(i.quantity), 0), 0)
  log(
    `burst 1: ${carts1.length} carts completed in ${(burst1Ms / 1000).toFixed(1)} s: ${placed1.length} orders (${units1} units; A ${byServer(placed1, "A")}, B ${byServer(placed1, "B")}), ` +
      `${refused1.length} refused (${summarizeRefusals(refused1)})`
  )
  const fulfilledOk = fulfilments.filter((f) => f.status >= 200 && f.status < 300)
  log(
    `warehouse: ${fulfilments.length} fulfilments through the other server (${fulfilments.filter((f) => !f.onLots).length} sent before the worker had allocated the order): ` +
      `${fulfilledOk.length} done, final statuses ${countBy(fulfilments, (f) => f.status)}, ${sum(fulfilments, "attempts") - fulfilments.length} sent again after a refusal`
  )

  const lines1 = linesOf(placed1)
  const cov1 = await waitForCoverage(sql, lines1, cfg.allocationDeadlineMs, "burst 1")
  log(`burst 1: every order on lots ${((Date.now() - t) / 1000).toFixed(1)} s after the first checkout`)
  const books1 = await waitForBooks(sql)
  const bad1 = await ledger.badLotStock(sql)
  const logsAfter1 = { A: readLog(A.logFile), B: readLog(B.logFile), W1: readLog(W1.logFile) }

  check(
    `burst 1: ${carts1.length} carts raced across both servers for ${stockUnits} units`,
    placed1.length > 0 && byServer(placed1, "A") > 0 && byServer(placed1, "B") > 0 && units1 <= stockUnits,
    `${placed1.length} orders (A ${byServer(placed1, "A")}, B ${byServer(placed1, "B")}), ${units1} units sold, ${refused1.length} carts refused by core`
  )
  check("burst 1: no lot over-reserved or negative", !bad1.length, bad1.length ? JSON.stringify(bad1) : "")
  check(
    "burst 1: every accepted order's lines on lots exactly once",
    !cov1.missing.length && !cov1.over.length,
    cov1.missing.length || cov1.over.length
      ? `missing: ${fmtLines(cov1.missing)}; double: ${fmtLines(cov1.over)}`
      : `${lines1.length} lines, ${sum(cov1.rows, "shortfall")} units short, ${sum(cov1.rows, "shipped")} shipped`
  )
  check("burst 1: lot stock == Medusa's levels and reservations", !books1.wrong.length, fmtWrong(books1.wrong))
  check(
    "burst 1: allocated by the worker (the servers process no event)",
    logsAfter1.A.processedEvents === 0 && logsAfter1.B.processedEvents === 0 && logsAfter1.W1.processedOrderPlaced >= placed1.length,
    `worker processed ${logsAfter1.W1.processedOrderPlaced} order.placed events; servers processed ${logsAfter1.A.processedEvents} + ${logsAfter1.B.processedEvents} events`
  )
  check("burst 1: the warehouse fulfilled orders through the other server while checkouts raced", fulfilledOk.length > 0, `${fulfilledOk.length}/${fulfilments.length}`)

  // ── 2. Recall through A, fulfilment through B at once ──
  const [target] = await sql(
    `SELECT a.lot_id, a.order_id, a.line_item_id, a.quantity FROM lot_allocation a
      WHERE a.status = 'reserved' AND a.deleted_at IS NULL AND a.order_id = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM lot_allocation f WHERE f.order_id = a.order_id AND f.status = 'fulfilled')
      ORDER BY (SELECT sum(quantity) FROM lot_allocation r WHERE r.lot_id = a.lot_id AND r.status = 'reserved') DESC, a.created_at
      LIMIT 1`,
    [placed1.map((p) => p.order.id)]
  )
  if (!target) throw new Error("no reserved allocation left to recall (every order fulfilled?)")
  const targetOrder = placed1.find((p) => p.order.id === target.order_id).order
  const targetLine = targetOrder.items.find((i) => i.id === target.line_item_id)
  const recallAt = Date.now()
  const recall = await a.post("/admin/recalls", { lot_ids: [target.lot_id], reason: "Cluster test: contamination reported by the supplier" }, authHeaders)
  const named = await shop.fulfil(b, authHeaders, targetOrder, seed.parisId, [
    { line_item_id: targetLine.id, lot_id: target.lot_id, quantity: Number(targetLine.quantity) },
  ])
  const plain = await shop.fulfil(b, authHeaders, targetOrder, seed.parisId)
  const recalledLot = await ledger.lotState(sql, target.lot_id, recallAt)
  const books2 = await waitForBooks(sql)
  log(
    `recall of ${recalledLot.lot_number} through A -> ${recall.status}; through B at once: fulfilment naming it -> ${named.status} (${String(named.body && named.body.message).slice(0, 160)}), ` +
      `plain fulfilment -> ${plain.status}${plain.status >= 300 ? ` (${String(plain.body && plain.body.message).slice(0, 160)})` : ""}`
  )
  check(
    "recall opened through A blocks a fulfilment through B at once",
    recall.status === 201 && named.status >= 400 && named.status < 500 && (plain.status < 300 || (plain.status >= 400 && plain.status < 500)) && recalledLot.status === "recalled" && recalledLot.shipped_since === 0,
    `recall ${recall.status}, named-lot fulfilment ${named.status}, plain fulfilment ${plain.status}, units of ${recalledLot.lot_number} shipped since the recall ${recalledLot.shipped_since}, still reserved ${recalledLot.reserved}`
  )
  check("after the recall: lot stock == Medusa's levels, reservations and hold", !books2.wrong.length, fmtWrong(books2.wrong))

  // ── 3. Fault: a new lot through B, a second burst, the worker SIGKILLed midway ──
  const [{ short }] = await sql(`SELECT coalesce(sum(quantity), 0)::int AS short FROM lot_shortfall WHERE inventory_item_id = $1 AND deleted_at IS NULL`, [
    seed.product.inventoryItemId,
  ])
  const receipt = short + cfg.secondReceipt
  const received = await b.post(
    "/admin/lots",
    {
      inventory_item_id: seed.product.inventoryItemId,
      lot_number: "HC-4",
      expires_at: new Date(Date.now() + 300 * 86400000).toISOString().slice(0, 10),
      receive: [{ location_id: seed.parisId, quantity: receipt }],
    },
    authHeaders
  )
  if (received.status !== 201) throw new Error(`receiving HC-4 through B -> ${received.status}: ${JSON.stringify(received.body).slice(0, 300)}`)
  const booksBefore2 = await waitForBooks(sql)
  const [level] = await sql(`SELECT stocked_quantity::int AS s, reserved_quantity::int AS r FROM inventory_level WHERE inventory_item_id = $1 AND location_id = $2`, [
    seed.product.inventoryItemId,
    seed.parisId,
  ])
  log(`received HC-4 (${receipt} units, ${short} for the lines the recall left short) through B; Paris now ${level.s} stocked, ${level.r} reserved`)

  t = Date.now()
  const placed2 = []
  let killing = null
  let killedHow = "at the end of the burst"
  let deadAt = null
  let locksAtDeath = []
  const killWorker = (how) => {
    if (killing) return
    if (how) killedHow = how
    log(`SIGKILL worker-1 (process group ${W1.child.pid}) after ${placed2.length} orders of the second burst, ${killedHow}`)
    killing = crash(W1).then(async () => {
      deadAt = Date.now()
      locksAtDeath = await state.redis.locks().catch(() => [])
    })
  }
  // The hardest moment: an event in flight (the event bus must deliver it again) while the
  // worker holds a lot lock in Redis (nobody releases it: its lease must lapse).
  const armKill = async () => {
    const armedAt = Date.now()
    while (!killing) {
      const [active, locks] = await Promise.all([state.redis.activeEvents(), state.redis.locks()])
      const lotLock = locks.find((l) => l.key.startsWith("lot:"))
      const waited = Date.now() - armedAt
      if (active > 0 && lotLock) killWorker(`handling an event, holding the lock ${lotLock.key}`)
      else if (active > 0 && waited > 3000) killWorker("handling an event")
      else if (waited > 6000) killWorker("between events")
      else await new Promise((r) => setTimeout(r, 5))
    }
  }
  let armed = null
  const results2 = await Promise.all(
    carts2.map((cart) =>
      shop.completeCart(cart.client, cart).then((r) => {
        if (r.order) {
          placed2.push(r)
          if (placed2.length === cfg.killAfterOrders) armed = armKill()
        }
        return r
      })
    )
  )
  const killedDuringCheckouts = Boolean(killing)
  if (!armed) armed = armKill()
  await armed
  await killing
  const burstEnd = Date.now()
  const refused2 = results2.filter((r) => r.refused)
  const units2 = placed2.reduce((s, p) => s + p.order.items.reduce((u, i) => u + Number(i.quantity), 0), 0)
  log(
    `burst 2: ${carts2.length} carts in ${((burstEnd - t) / 1000).toFixed(1)} s: ${placed2.length} orders (${units2} units; A ${byServer(placed2, "A")}, B ${byServer(placed2, "B")}), ` +
      `${refused2.length} refused (${summarizeRefusals(refused2)})`
  )

  // While no worker runs, orders are placed but nothing reserves their lots.
  const placedInGap = placed2.filter((p) => p.placedAt > deadAt).length
  const lines2 = linesOf(placed2)
  const uncoveredAtRestart = (await ledger.coverage(sql, lines2)).filter((r) => r.covered < r.quantity).length
  const restartAt = Date.now()
  const allocatedInGap = await ledger.allocationsCreatedBetween(sql, deadAt, restartAt)
  const lotLocksLeft = locksAtDeath.filter((l) => !l.key.startsWith("cart_"))
  log(
    `no worker for ${((restartAt - deadAt) / 1000).toFixed(1)} s: ${placedInGap} orders placed after it died, ${uncoveredAtRestart} lines of the burst not on lots, ${allocatedInGap} allocations made; ` +
      `locks in Redis at its death: ${lotLocksLeft.map((l) => `${l.key} (lease ends in ${l.ttl} s)`).join(", ") || "none"} besides ${locksAtDeath.length - lotLocksLeft.length} cart locks of core's checkout`
  )

  t = Date.now()
  const W2 = await start("worker-2", "worker")
  const lines = [...lines1, ...lines2]
  let cov2 = await waitForCoverage(sql, lines, cfg.allocationDeadlineMs, "after the restart")
  const healedMs = Date.now() - t
  const failuresBefore = await ledger.openSyncFailures(sql)
  let reconcile = null
  if (cov2.missing.length && !cov2.over.length) {
    log(
      `${cov2.missing.length} lines still not on lots ${(healedMs / 1000).toFixed(0)} s after the new worker started; open subscriber failures: ${failuresBefore.length}` +
        `${failuresBefore.length ? ` (${failuresBefore[0].event} ${failuresBefore[0].key}: ${failuresBefore[0].message})` : ""}; running reconcile through A`
    )
    const res = await a.post("/admin/lot-tracking/reconcile", { grace_seconds: 0 }, authHeaders)
    reconcile = { status: res.status, repaired: res.body && res.body.reconcile && res.body.reconcile.total_repaired }
    log(`reconcile -> ${res.status}, ${reconcile.repaired} repaired`)
    cov2 = await waitForCoverage(sql, lines, cfg.reconcileDeadlineMs, "after reconcile")
  }
  const books3 = await waitForBooks(sql)
  const bad3 = await ledger.badLotStock(sql)
  const failures = await sql(`SELECT resolution, count(*)::int AS n FROM lot_sync_failure GROUP BY resolution ORDER BY 1`)
  const logs = { A: readLog(A.logFile), B: readLog(B.logFile), W1: readLog(W1.logFile), W2: readLog(W2.logFile) }
  const [w2] = await sql(
    `SELECT extract(epoch FROM min(created_at)) * 1000 AS first, extract(epoch FROM max(created_at)) * 1000 AS last, count(*)::int AS n
       FROM lot_allocation WHERE line_item_id = ANY($1) AND created_at >= to_timestamp($2 / 1000.0)`,
    [lines.map((l) => l.line_item_id), restartAt]
  )
  const sinceDeath = (ms) => (ms ? `${((Number(ms) - deadAt) / 1000).toFixed(1)} s` : "-")
  const redelivered = logs.W1.processedOrderPlaced + logs.W2.processedOrderPlaced - placed1.length - placed2.length
  log(
    `worker-2 (ready ${((W2.startedAt + W2.readyMs - deadAt) / 1000).toFixed(1)} s after worker-1 died) made ${w2.n} allocations, the first ${sinceDeath(w2.first)} and the last ${sinceDeath(w2.last)} after the death; ` +
      `order.placed events started: worker-1 ${logs.W1.processedOrderPlaced}, worker-2 ${logs.W2.processedOrderPlaced}, for ${placed1.length + placed2.length} orders (${redelivered} delivered twice)`
  )
  log(
    `after the restart: every line on lots in ${(healedMs / 1000).toFixed(1)} s${reconcile ? " (with reconcile)" : " (no reconcile)"}; ` +
      `subscriber failures recorded: ${failures.map((f) => `${f.resolution || "open"} ${f.n}`).join(", ") || "none"}; ` +
      `lock waits logged: worker-1 ${logs.W1.lockTimeouts}, worker-2 ${logs.W2.lockTimeouts}, servers ${logs.A.lockTimeouts + logs.B.lockTimeouts}`
  )

  check(
    `fault: worker SIGKILLed in the middle of a burst of ${carts2.length} carts`,
    (killedDuringCheckouts || killedHow.startsWith("handling")) && placed2.length > 0,
    `${killedHow}, after ${cfg.killAfterOrders} orders${killedDuringCheckouts ? " while checkouts went on" : ", once the checkouts were over"}; ${placed2.length} orders (${units2} units) placed in the burst, ${refused2.length} carts refused by core`
  )
  check(
    "fault: no lot reserved while no worker ran (only the worker allocates)",
    allocatedInGap === 0 && uncoveredAtRestart > 0 && logs.A.processedEvents === 0 && logs.B.processedEvents === 0,
    `${uncoveredAtRestart} lines waiting, ${allocatedInGap} allocations made in ${((restartAt - deadAt) / 1000).toFixed(1)} s without a worker; servers processed ${logs.A.processedEvents + logs.B.processedEvents} events`
  )
  check(
    "fault: every accepted order (both bursts) on lots exactly once after a new worker started",
    !cov2.missing.length && !cov2.over.length,
    cov2.missing.length || cov2.over.length
      ? `missing: ${fmtLines(cov2.missing)}; double: ${fmtLines(cov2.over)}`
      : `${lines.length} lines; healed by ${reconcile ? "reconcile" : "the new worker (queued events)"}; ${sum(cov2.rows, "shortfall")} units short`
  )
  check("fault: no lot over-reserved or negative", !bad3.length, bad3.length ? JSON.stringify(bad3) : "")
  check("fault: lot stock == Medusa's levels, reservations and hold", !books3.wrong.length, fmtWrong(books3.wrong))

  const report = shop.journalReport(journal)
  check(
    "no 5xx from a lot-tracking route (lock time-outs and conflicts answer 409)",
    !report.pluginErrors.length,
    report.pluginErrors.length
      ? report.pluginErrors.slice(0, 5).map((r) => `${r.server} ${r.method} ${shop.routeShape(r.path)} -> ${r.status} ${r.message || ""}`).join("; ")
      : `${journal.filter((r) => shop.isPluginRoute(r.path)).length} plugin requests`
  )
  log("answers per route (status: count):")
  for (const [route, statuses] of Object.entries(report.byRoute)) log(`  ${route}  ${JSON.stringify(statuses)}`)
  const refusals = [...new Set(journal.filter((r) => shop.isPluginRoute(r.path) && r.status >= 300).map((r) => `${r.status} ${shop.routeShape(r.path)}: ${r.message}`))]
  for (const r of refusals.slice(0, 8)) log(`  refused: ${String(r).slice(0, 240)}`)
  if (report.otherErrors.length) {
    log(`core answered 5xx ${report.otherErrors.length} times (not the plugin's routes): ${[...new Set(report.otherErrors.map((r) => `${shop.routeShape(r.path)} ${r.message}`))].slice(0, 3).join("; ")}`)
  }
}

function sum(rows, key) {
  return rows.reduce((s, r) => s + Number(r[key] || 0), 0)
}

function countBy(list, fn) {
  const out = {}
  for (const x of list) out[fn(x)] = (out[fn(x)] || 0) + 1
  return JSON.stringify(out)
}

function summarizeRefusals(refused) {
  const out = {}
  for (const r of refused) {
    const m = r.refused.message
    const key = `${r.refused.status} ${/Not enough stock|required inventory/i.test(m) ? "out of stock" : /lock|conflict/i.test(m) ? "lock/conflict" : m.slice(0, 60)}`
    out[key] = (out[key] || 0) + 1
  }
  return Object.entries(out)
    .map(([k, n]) => `${k}: ${n}`)
    .join(", ") || "none"
}

main()
  .catch((e) => {
    check("the cluster test ran to its end", false, e && e.stack ? e.stack : String(e))
  })
  .then(async () => {
    await cleanup()
    const failed = checks.filter((c) => !c.pass)
    const keepLogs = failed.length || truthy(process.env.CLUSTER_KEEP)
    console.log(`\n${color(1, "[cluster] summary")} (${elapsed()}${keepLogs && state.tmpDir ? `, logs in ${state.tmpDir}` : ""})`)
    for (const c of checks) console.log(`  ${c.pass ? color(32, "PASS") : color(31, "FAIL")}  ${c.name}`)
    console.log(`${failed.length ? color(31, "FAILED") : color(32, "PASSED")}`)
    console.log(`cluster: ${checks.length - failed.length} passed, ${failed.length} failed`)
    if (!keepLogs && state.tmpDir) fs.rmSync(state.tmpDir, { recursive: true, force: true })
    process.exit(failed.length ? 1 : 0)
  })
