#!/usr/bin/env node
"use strict"
/**
 * Browser test of the admin UI (`npm test -- --only browser`, or directly
 * `node integration-tests/browser/run.js`):
 *
 *   1. Debian's Chromium (/usr/bin/chromium), installed with apt-get when missing;
 *   2. a fresh database `lot_tracking_browser` on the PostgreSQL of scripts/lib/postgres.js
 *      (DATABASE_URL = server without database name when run by scripts/test.js),
 *      migrated, with the admin user and the demo seed;
 *   3. `medusa develop` on a free port (the real dev app: backend + admin);
 *   4. an order placed through the store API and fulfilled through the admin API;
 *   5. playwright-core driving Chromium through the steps of
 *      admin-ui.js (log in, receive a lot with a GS1
 *      scan, find it, quarantine it, order widget, recall + CSV, serial
 *      numbers received, found and scanned for an order, ...);
 *   6. the server's process group stopped and the database dropped.
 *
 * Nothing is written inside the repository while the server runs (`medusa
 * develop` restarts on every change there): logs, downloads and screenshots
 * go to a temporary directory. With BROWSER_TEST_SCREENSHOTS=1 the
 * screenshots are copied to docs/screenshots/ once the server has stopped.
 *
 * Environment:
 *   BROWSER_TEST_SCREENSHOTS=1   copy the screenshots to docs/screenshots/
 *   BROWSER_TEST_DB=name         database name (default lot_tracking_browser)
 *   BROWSER_TEST_KEEP_DB=1       keep the database afterwards
 *   BROWSER_TEST_BASE_URL=url    use a running dev app instead (no database, no server;
 *                                it must have the demo seed); for working on the tests
 *   BROWSER_TEST_HEADED=1        show the browser (needs a display)
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { resolvePostgres, ensureDatabase, dropDatabase } = require("../../scripts/lib/postgres")
const { REPO_ROOT, createRunner, freePort, killGroup, tail, truthy, waitForHealth } = require("../../scripts/lib/process")

const { createApi } = require("./api")
const { steps: uiSteps, ADMIN_EMAIL, ADMIN_PASSWORD } = require("./admin-ui")
const { steps: importSteps } = require("./import-ui")
const { steps: documentSteps } = require("./documents-ui")
const { steps: recallDeskSteps } = require("./recall-desk-ui")
const { steps: recallNoticeSteps } = require("./recall-notices-ui")
const { steps: digitalLinkSteps } = require("./digital-link-ui")

/** Every step file in the order they run (each answers [{ name, run }] for a ctx). */
const STEP_FILES = [uiSteps, importSteps, documentSteps, recallDeskSteps, recallNoticeSteps, digitalLinkSteps]

const CHROMIUM = "/usr/bin/chromium"
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]
const DB_NAME = process.env.BROWSER_TEST_DB || "lot_tracking_browser"
const SERVER_READY_MS = 300_000
const SCREENSHOTS_DIR = path.join(REPO_ROOT, "docs", "screenshots")

const started = Date.now()
const secs = (t0 = started) => ((Date.now() - t0) / 1000).toFixed(1)
const log = (msg) => console.log(`\x1b[35m[browser]\x1b[0m ${msg}`)

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "lot-tracking-browser-"))
const shotsDir = path.join(tmpDir, "screenshots")
fs.mkdirSync(shotsDir)

let pg = null
let server = null
let browser = null
let dbCreated = false
let stopping = false
let serverLog = null
// Commands run to completion (migrate, seed, apt-get); this script handles signals itself.
const runner = createRunner({ log, forwardSignals: false })

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/** Runs a command to completion; output to a log file (tail echoed on failure). */
async function run(cmd, args, { env, logName, quiet = true } = {}) {
  const logFile = path.join(tmpDir, `${logName}.log`)
  const res = await runner.run(cmd, args, { env, logFile })
  if (res.code !== 0 || !quiet) console.log(tail(logFile, 40))
  return { code: res.code, output: res.output, logFile }
}

async function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) {
    return
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0
  const sudo = isRoot ? [] : ["sudo", "-n"]
  log(`${CHROMIUM} is missing: installing Debian's chromium with apt-get${isRoot ? "" : " (sudo)"}`)
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  const t0 = Date.now()
  const [cmd, ...pre] = sudo.length ? sudo : ["apt-get"]
  const aptArgs = (args) => (sudo.length ? [...pre, "apt-get", ...args] : args)
  const update = await run(cmd, aptArgs(["update", "-qq"]), { env, logName: "apt-update" })
  if (update.code !== 0) throw new Error(`apt-get update failed (exit ${update.code})`)
  const install = await run(cmd, aptArgs(["install", "-y", "-qq", "chromium"]), { env, logName: "apt-install" })
  if (install.code !== 0 || !fs.existsSync(CHROMIUM)) {
    throw new Error(`apt-get install chromium failed (exit ${install.code}); install it by hand: apt-get install -y chromium`)
  }
  log(`chromium installed in ${secs(t0)} s`)
}

async function waitForServer(baseUrl, child, logFile) {
  const health = await waitForHealth(baseUrl, { timeoutMs: SERVER_READY_MS, child, intervalMs: 1000 })
  if (health.exited) throw new Error(`medusa develop exited (${health.exited}):\n${tail(logFile, 40)}`)
  if (!health.ready) throw new Error(`the server did not answer within ${SERVER_READY_MS / 1000} s:\n${tail(logFile, 40)}`)
}

/** Stops `medusa develop` (its whole process group: npx -> medusa -> forked server). */
async function stopServer() {
  if (!server || server.exitCode !== null) return
  await killGroup(server)
}

// ---------------------------------------------------------------------------
// the run
// ---------------------------------------------------------------------------

/** Database, migrations, then the server and the seed side by side (the seed runs in its own process). */
async function bootApp() {
  const chromium = ensureChromium()
  chromium.catch(() => {}) // awaited below; keep an early failure from being "unhandled"
  pg = await resolvePostgres({ log: (m) => log(m) })
  await dropDatabase(pg, DB_NAME)
  await ensureDatabase(pg, DB_NAME)
  dbCreated = true
  const env = {
    ...process.env,
    DATABASE_URL: pg.adminUrl(DB_NAME),
    MEDUSA_DISABLE_TELEMETRY: "true",
    NODE_ENV: "development",
  }
  // scripts/test.js runs jest with these; the Medusa CLI does not need them.
  delete env.NODE_OPTIONS
  delete env.TEST_TYPE

  let t0 = Date.now()
  const migrate = await run("npx", ["medusa", "db:migrate"], { env, logName: "migrate" })
  if (migrate.code !== 0) throw new Error("medusa db:migrate failed")
  log(`database ${DB_NAME} migrated in ${secs(t0)} s`)

  const port = Number(process.env.BROWSER_TEST_PORT) || (await freePort())
  const baseUrl = `http://localhost:${port}`
  const logFile = path.join(tmpDir, "medusa-develop.log")
  serverLog = logFile
  const out = fs.openSync(logFile, "w")
  t0 = Date.now()
  server = spawn("npx", ["medusa", "develop", "--no-lint", "-p", String(port)], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", out, out],
    detached: true, // own process group, stopped as a whole
  })
  fs.closeSync(out)

  const seeded = (async () => {
    const t = Date.now()
    const seed = await run("npx", ["medusa", "exec", "./integration-tests/browser/seed.ts", ADMIN_EMAIL, ADMIN_PASSWORD], {
      env,
      logName: "seed",
    })
    if (seed.code !== 0) throw new Error("the admin user / demo seed failed")
    log(`admin user and demo data in ${secs(t)} s`)
    return /publishable key: (pk_[0-9a-f]+)/i.exec(seed.output)?.[1]
  })()
  seeded.catch(() => {}) // awaited below; keep an early failure from being "unhandled"

  await waitForServer(baseUrl, server, logFile)
  log(`medusa develop answers on ${baseUrl} after ${secs(t0)} s (log: ${logFile})`)
  await chromium
  return { baseUrl, logFile, seeded }
}

async function setupData(api, publishableKey) {
  await api.login(ADMIN_EMAIL, ADMIN_PASSWORD)
  const pk = publishableKey || (await api.publishableKey())
  const { products } = await api.admin("GET", "/admin/products?handle=argan-repair-shampoo&fields=id,title,variants.id,variants.sku")
  const product = products[0]
  if (!product) throw new Error("the demo product argan-repair-shampoo is missing (seed?)")
  const variant = product.variants[0]
  const { inventory_items } = await api.admin("GET", `/admin/inventory-items?sku=${encodeURIComponent(variant.sku)}&fields=id,sku`)
  const expiry = await api.admin("GET", "/admin/lot-tracking/expiry?limit=1").catch(() => null)
  const today = expiry?.today ?? new Date().toISOString().slice(0, 10)

  const email = `camille.martin+${Date.now().toString(36)}@lot-tracking.test`
  const order = await api.placeOrder(pk, { email, items: [{ variant_id: variant.id, quantity: 3 }] })
  const allocated = await api.waitForOrderLots(order.id)
  const shipped = await api.fulfilOrder(order.id, allocated)
  const fulfilled = shipped.lines.flatMap((l) => l.allocations).find((a) => a.status === "fulfilled")
  if (!fulfilled) throw new Error(`order ${order.id} has no fulfilled lot after fulfilment: ${JSON.stringify(shipped)}`)
  log(`order #${order.display_id} (${email}) shipped ${fulfilled.quantity} units of lot ${fulfilled.lot_number}`)

  // A second order, left unfulfilled: staff choose its lots in the order widget.
  const { products: vitamins } = await api.admin("GET", "/admin/products?handle=vitamin-c-1000&fields=id,variants.id")
  const open = await api.placeOrder(pk, {
    email: `jonas.weber+${Date.now().toString(36)}@lot-tracking.test`,
    items: [{ variant_id: vitamins[0].variants[0].id, quantity: 2 }],
  })
  const openLots = await api.waitForOrderLots(open.id)
  const reserved = openLots.lines[0].allocations.map((a) => a.lot_number).join(", ")
  log(`order #${open.display_id} reserved 2 units on ${reserved} (FEFO), not fulfilled`)

  // An item without stock for the serial steps: they switch its serials on, receive it, then order it.
  const dryer = await api.ensureProduct({ handle: "ionic-hair-dryer", title: "Ionic Hair Dryer 2000 W", sku: "DRYER-ION-2000", price: 49 })

  // Stock from before lot tracking: 50 units Medusa counts in Paris that no lot holds (Medusa's own inventory
  // route, as a merchant's existing catalogue has them). The onboarding steps assign them to lots.
  const oil = await api.ensureProduct({ handle: "rosehip-face-oil", title: "Rosehip Face Oil 30 ml", sku: "OIL-ROSEHIP-30", price: 24 })
  const { stock_locations } = await api.admin("GET", "/admin/stock-locations?limit=50&fields=id,name")
  const paris = stock_locations.find((l) => l.name === "Paris Warehouse")
  if (!paris) throw new Error("the demo location Paris Warehouse is missing (seed?)")
  const { inventory_levels } = await api.admin("GET", `/admin/inventory-items/${oil.inventoryItemId}/location-levels?location_id=${paris.id}`)
  if (!inventory_levels.length) {
    await api.admin("POST", `/admin/inventory-items/${oil.inventoryItemId}/location-levels`, { location_id: paris.id, stocked_quantity: 50 })
  }
  oil.parisId = paris.id
  return {
    publishableKey: pk,
    dryer,
    oil,
    openOrder: { id: open.id, display_id: open.display_id, reserved },
    today,
    order: { id: order.id, display_id: order.display_id, email },
    shippedLot: fulfilled,
    shampoo: { productId: product.id, variantId: variant.id, inventoryItemId: inventory_items[0].id },
  }
}

const logSize = () => (serverLog && fs.existsSync(serverLog) ? fs.statSync(serverLog).size : 0)

/** Did `medusa develop` restart (a file of the repository changed) since the log had `from` bytes? */
function restartedSince(from) {
  if (!serverLog || !fs.existsSync(serverLog)) return false
  return /restarting dev server/.test(fs.readFileSync(serverLog, "utf8").slice(from))
}

async function launchBrowser() {
  const { chromium } = require("playwright-core")
  const headed = truthy(process.env.BROWSER_TEST_HEADED)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !headed,
    args: headed ? CHROMIUM_ARGS.filter((a) => a !== "--headless") : CHROMIUM_ARGS,
  })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: "en-GB" })
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  return page
}

/** The first load of the dashboard compiles it (Vite): done while the seed still runs. */
async function warmUp(page, baseUrl) {
  const t0 = Date.now()
  const deadline = t0 + 300_000
  const email = page.locator('input[name="email"]')
  for (;;) {
    const from = logSize()
    try {
      await page.goto(`${baseUrl}/app/login`, { waitUntil: "domcontentloaded", timeout: 240_000 })
      for (;;) {
        if (await email.isVisible()) {
          log(`admin dashboard compiled and loaded in ${secs(t0)} s`)
          return
        }
        if (restartedSince(from)) throw new Error("medusa develop restarted while the dashboard loaded")
        if (Date.now() > deadline) throw new Error("the login form did not show within 300 s")
        await page.waitForTimeout(1000)
      }
    } catch (e) {
      // `medusa develop` restarts when a file of the repository changes: wait and load again.
      if (Date.now() > deadline) throw e
      log(`  the dashboard did not load (${e.message.split("\n")[0]}); waiting for the server and trying again`)
      await waitForServer(baseUrl, server, serverLog)
    }
  }
}

async function runSteps(page, baseUrl, data, api) {
  const consoleErrors = []
  page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`))
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(`console: ${m.text().slice(0, 300)}`))

  const ctx = {
    page,
    baseUrl,
    data,
    /** The admin API with the setup's session, and the store API (browser/api.js). */
    api,
    tmpDir,
    log: (m) => log(`  ${m}`),
    /** The dashboard scrolls inside its own container: a taller viewport shows a long page. */
    async shot(name, { height = 900 } = {}) {
      if (height !== 900) await page.setViewportSize({ width: 1440, height })
      await page.waitForTimeout(500) // toasts, transitions and re-layout settle
      await page.screenshot({ path: path.join(shotsDir, `${name}.png`) })
      if (height !== 900) await page.setViewportSize({ width: 1440, height: 900 })
    },
  }
  const results = []
  const allSteps = STEP_FILES.flatMap((stepsOf) => stepsOf(ctx))
  for (const step of allSteps) {
    const t0 = Date.now()
    let error = null
    for (let attempt = 1; attempt <= 2; attempt++) {
      const from = logSize()
      try {
        await step.run()
        error = null
        break
      } catch (e) {
        error = e
        if (attempt === 2 || !restartedSince(from)) break
        log(`  medusa develop restarted during "${step.name}" (a file of the repository changed): retrying the step`)
        await waitForServer(baseUrl, server, serverLog)
        // Sessions live in the server's memory: log in again.
        if (step !== allSteps[0]) await allSteps[0].run().catch(() => {})
      }
    }
    if (!error) {
      results.push({ name: step.name, ok: true, seconds: secs(t0) })
      log(`\x1b[32m✔\x1b[0m ${step.name} (${secs(t0)} s)`)
      continue
    }
    results.push({ name: step.name, ok: false, seconds: secs(t0), error })
    log(`\x1b[31m✘ ${step.name}\x1b[0m (${secs(t0)} s)\n    ${String(error && error.stack ? error.stack : error).split("\n").slice(0, 8).join("\n    ")}`)
    const file = path.join(tmpDir, `failure-${results.length}.png`)
    await page.screenshot({ path: file }).catch(() => {})
    log(`    page: ${page.url()} (screenshot ${file})`)
    if (consoleErrors.length) log(`    browser errors:\n      ${consoleErrors.slice(-5).join("\n      ")}`)
    if (results.length === 1) break // not logged in: nothing else can run
  }
  await browser.close()
  browser = null
  return results
}

function copyScreenshots() {
  const files = fs.readdirSync(shotsDir).filter((f) => f.endsWith(".png"))
  if (!truthy(process.env.BROWSER_TEST_SCREENSHOTS)) {
    log(`${files.length} screenshots in ${shotsDir} (BROWSER_TEST_SCREENSHOTS=1 copies them to docs/screenshots/)`)
    return
  }
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true })
  for (const f of files) fs.copyFileSync(path.join(shotsDir, f), path.join(SCREENSHOTS_DIR, f))
  log(`${files.length} screenshots copied to ${path.relative(REPO_ROOT, SCREENSHOTS_DIR)}/`)
}

async function cleanup() {
  if (browser) await browser.close().catch(() => {})
  runner.killAll("SIGTERM")
  await stopServer()
  if (dbCreated && !truthy(process.env.BROWSER_TEST_KEEP_DB)) {
    await dropDatabase(pg, DB_NAME).catch((e) => log(`could not drop ${DB_NAME}: ${e.message}`))
  }
  if (pg) await pg.stop().catch(() => {})
}

async function main() {
  let baseUrl = process.env.BROWSER_TEST_BASE_URL
  let publishableKey = null
  let logFile = null
  let page
  if (baseUrl) {
    log(`using the running app at ${baseUrl}`)
    await ensureChromium()
    page = await launchBrowser()
  } else {
    const app = await bootApp()
    baseUrl = app.baseUrl
    logFile = app.logFile
    page = await launchBrowser()
    const [pk] = await Promise.all([app.seeded, warmUp(page, baseUrl)])
    publishableKey = pk
  }
  const api = createApi(baseUrl)
  let t0 = Date.now()
  const data = await setupData(api, publishableKey)
  log(`test data (order placed and fulfilled) ready in ${secs(t0)} s`)
  t0 = Date.now()
  const results = await runSteps(page, baseUrl, data, api)
  const failed = results.filter((r) => !r.ok)
  log(`browser steps took ${secs(t0)} s`)
  if (failed.length && logFile) {
    console.log(`--- medusa develop log (last lines) ---\n${tail(logFile, 30)}`)
  }
  await cleanup()
  copyScreenshots()
  // Every step file's steps: a run that stopped early (not logged in) leaves the rest skipped.
  const total = STEP_FILES.reduce((n, stepsOf) => n + stepsOf({}).length, 0)
  const skipped = total - results.length
  log(`total ${secs()} s`)
  console.log(`browser: ${results.length - failed.length} passed, ${failed.length} failed${skipped ? `, ${skipped} skipped` : ""}`)
  return failed.length || skipped ? 1 : 0
}

async function onSignal(sig) {
  if (stopping) return
  stopping = true
  log(`${sig}: stopping`)
  await cleanup().catch(() => {})
  process.exit(130)
}
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, onSignal)

main()
  .then((code) => process.exit(code))
  .catch(async (e) => {
    console.error(`\x1b[31m[browser] ERROR:\x1b[0m ${e && e.stack ? e.stack : e}`)
    if (serverLog && fs.existsSync(serverLog)) {
      console.log(`--- medusa develop log (last lines) ---\n${tail(serverLog, 30)}`)
    }
    await cleanup().catch(() => {})
    console.log("browser: 0 passed, 1 failed")
    process.exit(1)
  })
