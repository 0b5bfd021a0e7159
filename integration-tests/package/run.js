#!/usr/bin/env node
"use strict"
/**
 * The published package in a fresh Medusa app (`npm test -- --only package`,
 * or `node integration-tests/package/run.js`): what merchants get is the
 * tarball, so this installs the tarball, not the source tree.
 *
 *   1. `medusa plugin:build`, then `npm pack` into a temporary directory; the
 *      tarball must hold the built backend and admin and no compiled tests;
 *   2. a throwaway app in that directory: its own package.json (Medusa at the
 *      versions of this repository's package-lock.json, the plugin as
 *      `file:<tarball>`), tsconfig.json, and the files of ./app: a
 *      medusa-config.ts listing the plugin by name under `plugins` with
 *      `core_hooks: false`, and the shop's own src/workflows/hooks/lot-hooks.ts
 *      that handles the three order hooks by calling the plugin's exports;
 *   3. the tarball installed by npm: `npm ci --offline` of the tarball alone
 *      (its dependencies at the lockfile's versions, from npm's cache), then
 *      moved into the app's node_modules; every other package of the app is a
 *      symlink to this repository's node_modules;
 *   4. checks on the installed package: its peerDependencies admit the
 *      versions the app runs, every package its code imports is one of its
 *      dependencies or peerDependencies, and its admin extension (loaded by
 *      name, `medusa-plugin-lot-tracking/admin`) has the Lots route and menu item;
 *   5. a fresh database, `medusa db:migrate`, `medusa user`, and the demo seed
 *      the package ships (`medusa exec`);
 *   6. Medusa's refusal of a second hook handler: the app booted without
 *      `core_hooks: false` must fail to start, naming the hook;
 *   7. the app started (`medusa start`, development mode, so the admin is
 *      served by its dev server): `GET /admin/lots` answers 200 for an admin
 *      (POST /auth/user/emailpass) and 401 without; `/app` answers, the
 *      dashboard entry the app serves imports the plugin's admin by name, and
 *      the module the server delivers for that import holds the /lots route;
 *      an order placed through the store API is fulfilled, its fulfilment
 *      canceled, the order canceled: each time the shop's handler runs
 *      (server log) and the lots follow (`GET /admin/orders/:id/lots`);
 *   8. the server's process group stopped, the database dropped, the
 *      directory removed.
 *
 * Why symlinks, not a full `npm install`: CI runs this right after `npm ci`
 * on a 2-core machine without registry access, and a full install of Medusa
 * takes minutes and 800 MB. The parts merchants depend on still go through
 * the real path: the packed file list, npm installing the tarball and its own
 * dependencies, Medusa resolving the plugin by name from the app, the
 * package.json `exports` (`/workflows` in the shop's hook file, `/admin` for
 * the dashboard, the module path Medusa builds), and the app's migrations and
 * boot. What the symlinks could hide (a package the plugin imports but does
 * not declare) is checked statically in step 4. Medusa and React resolve to
 * the same copies as in this repository, at the lockfile's versions.
 *
 * Why the admin is checked on the dev server: a `medusa build` of the whole
 * dashboard takes minutes on this machine; the dev server serves the same
 * entry (the dashboard plus each plugin's admin, imported by package name)
 * within seconds. Only the plugin's part is fetched, not the dashboard.
 *
 * Measured on the 2-core machine: about 60 s in all (plugin:build 15 s,
 * migrations 12 s, user and seed 6 s, refused boot 3 s, boot 5 s, admin 7 s).
 *
 * Environment (scripts/test.js sets the first ones):
 *   DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD   PostgreSQL (default localhost:5432, postgres)
 *   DATABASE_URL                  the server without a database name (used when DB_HOST is unset)
 *   PACKAGE_TEST_DB=name          database name (default lot_tracking_package)
 *   PACKAGE_TEST_SKIP_BUILD=1     pack the existing .medusa/server (for working on this test)
 *   PACKAGE_TEST_KEEP=1           keep the directory and the database afterwards
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn, execFileSync } = require("child_process")

const REPO_ROOT = path.resolve(__dirname, "..", "..")
const APP_FILES = path.join(__dirname, "app")
const PLUGIN_NAME = "medusa-plugin-lot-tracking"
const ADMIN_EMAIL = "admin@shop.test"
const ADMIN_PASSWORD = "supersecret"
const DB_NAME = process.env.PACKAGE_TEST_DB || "lot_tracking_package"
const BOOT_TIMEOUT_MS = 180_000

const semver = require(path.join(REPO_ROOT, "node_modules", "semver"))
const { createApi } = require(path.join(REPO_ROOT, "integration-tests", "browser", "api.js"))

const { createRunner, freePort, killGroup, tail, truthy, waitForHealth } = require(path.join(REPO_ROOT, "scripts", "lib", "process.js"))
const postgres = require(path.join(REPO_ROOT, "scripts", "lib", "postgres.js"))
const KEEP = truthy(process.env.PACKAGE_TEST_KEEP)
const started = Date.now()
const secs = (t0 = started) => ((Date.now() - t0) / 1000).toFixed(1)
const log = (msg) => console.log(`\x1b[33m[package]\x1b[0m ${msg}`)

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "lot-tracking-package-"))
const appDir = path.join(tmpDir, "app")
let server = null
let dbCreated = false
// Commands run to completion (build, pack, npm ci, medusa ...); this script handles signals itself.
const runner = createRunner({ log, forwardSignals: false })

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

function fail(message) {
  throw Object.assign(new Error(message), { checkFailed: true })
}

function check(cond, message) {
  if (!cond) fail(message)
}

/** Children get the caller's environment without jest's VM flag (scripts/test.js adds it for jest). */
function childEnv(extra = {}) {
  const env = { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true", ...extra }
  env.NODE_OPTIONS = (env.NODE_OPTIONS || "").replace("--experimental-vm-modules", "").trim()
  if (!env.NODE_OPTIONS) delete env.NODE_OPTIONS
  return env
}

/** Runs a command to completion; output to tmpDir/<logName>.log, its tail printed when it fails. */
async function run(cmd, args, { cwd = REPO_ROOT, env = childEnv(), logName, allowFailure = false, timeoutMs = 300_000 } = {}) {
  const logFile = path.join(tmpDir, `${logName}.log`)
  const t0 = Date.now()
  const { code, signal, output } = await runner.run(cmd, args, { cwd, env, logFile, timeoutMs })
  if (code !== 0 && !allowFailure) {
    console.error(tail(logFile, 60))
    throw new Error(`${cmd} ${args.join(" ")} exited with ${signal || code} (log ${logFile})`)
  }
  return { code, output, seconds: secs(t0) }
}

const medusaCli = () => path.join(appDir, "node_modules", "@medusajs", "cli", "cli.js")
const appEnv = (extra = {}) => childEnv({ DATABASE_URL: dbUrl(DB_NAME), NODE_ENV: "development", ...extra })
const medusa = (args, opts = {}) =>
  run(process.execPath, [medusaCli(), ...args], { ...opts, cwd: appDir, env: appEnv(opts.env) })

/** Stops `medusa start` (its whole process group), SIGKILL after 10 s. */
async function stopServer() {
  if (!server) return
  const { child } = server
  server = null
  if (child.exitCode !== null || child.signalCode !== null) return
  await killGroup(child, 10_000)
}

// ---------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------

function pgConn() {
  if (process.env.DB_HOST) {
    return {
      host: process.env.DB_HOST,
      port: Number(process.env.DB_PORT || 5432),
      user: process.env.DB_USERNAME || "postgres",
      password: process.env.DB_PASSWORD || "",
    }
  }
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL)
    return {
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username || "postgres"),
      password: decodeURIComponent(u.password || ""),
    }
  }
  return { host: "localhost", port: 5432, user: "postgres", password: "" }
}

function dbUrl(name) {
  const { host, port, user, password } = pgConn()
  const auth = encodeURIComponent(user) + (password ? `:${encodeURIComponent(password)}` : "")
  return `postgres://${auth}@${host.includes(":") ? `[${host}]` : host}:${port}/${encodeURIComponent(name)}`
}

async function withAdminDb(fn) {
  const client = await postgres.connectAdmin(pgConn())
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

async function recreateDatabase() {
  await withAdminDb(async (c) => {
    await c.query(`drop database if exists ${c.escapeIdentifier(DB_NAME)} with (force)`)
    await c.query(`create database ${c.escapeIdentifier(DB_NAME)}`)
  })
  dbCreated = true
}

const dropDatabase = () => postgres.dropDatabase(pgConn(), DB_NAME)

// ---------------------------------------------------------------------------
// steps
// ---------------------------------------------------------------------------

/** 1. Build and pack; returns the tarball's path. */
async function buildAndPack() {
  if (truthy(process.env.PACKAGE_TEST_SKIP_BUILD)) {
    log("plugin:build skipped (PACKAGE_TEST_SKIP_BUILD)")
  } else {
    const { seconds } = await run("npx", ["medusa", "plugin:build"], { logName: "plugin-build" })
    log(`medusa plugin:build (${seconds} s)`)
  }
  const { output } = await run("npm", ["pack", "--json", "--pack-destination", tmpDir], { logName: "pack" })
  const [packed] = JSON.parse(output.slice(output.indexOf("[")))
  const files = packed.files.map((f) => f.path)
  for (const f of [
    "package.json",
    ".medusa/server/src/modules/lot_tracking/index.js",
    ".medusa/server/src/workflows/index.js",
    ".medusa/server/src/admin/index.js",
    ".medusa/server/src/admin/index.mjs",
  ]) {
    check(files.includes(f), `the tarball lacks ${f}`)
  }
  const stray = files.filter((f) => /__tests__|\.spec\.js$|(^|\/)src\/[^/]+\.ts$/.test(f))
  check(stray.length === 0, `the tarball holds test or source files: ${stray.join(", ")}`)
  log(`npm pack: ${packed.filename}, ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB`)
  return path.join(tmpDir, packed.filename)
}

/** The repository's lockfile entry of a top-level package. */
function lockEntry(lock, name) {
  const entry = lock.packages[`node_modules/${name}`]
  if (!entry) fail(`${name} is not in package-lock.json`)
  return entry
}

/**
 * Where npm placed `name` as seen from the package at `from` (a lockfile
 * path such as `node_modules/multer/node_modules/type-is`): its own
 * node_modules first, then each parent's, then the top level, as Node
 * resolves it. A dependency's dependency may be nested at another version
 * than the hoisted one (mime-db under mime-types, say).
 */
function lockPathFrom(lock, from, name) {
  for (let dir = from; dir; ) {
    const candidate = `${dir}/node_modules/${name}`
    if (lock.packages[candidate]) return candidate
    const up = dir.lastIndexOf("/node_modules/")
    dir = up < 0 ? "" : dir.slice(0, up)
  }
  lockEntry(lock, name)
  return `node_modules/${name}`
}

/** 2. The app's own files. */
function writeApp(tarball) {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"))
  const at = (name) => lockEntry(lock, name).version
  const medusaDeps = [
    "@medusajs/admin-sdk",
    "@medusajs/cli",
    "@medusajs/framework",
    "@medusajs/medusa",
    "@medusajs/icons",
    "@medusajs/js-sdk",
    "@medusajs/ui",
    "@tanstack/react-query",
    "react",
    "react-dom",
    "react-router-dom",
  ]
  const pkg = {
    name: "lot-tracking-package-test-shop",
    private: true,
    scripts: { start: "medusa start", build: "medusa build" },
    dependencies: {
      ...Object.fromEntries(medusaDeps.map((n) => [n, at(n)])),
      [PLUGIN_NAME]: `file:../${path.basename(tarball)}`,
    },
    devDependencies: Object.fromEntries(["@swc/core", "ts-node", "typescript", "@types/node"].map((n) => [n, at(n)])),
  }
  fs.mkdirSync(appDir, { recursive: true })
  fs.writeFileSync(path.join(appDir, "package.json"), JSON.stringify(pkg, null, 2) + "\n")
  copyTemplates(APP_FILES, appDir)
}

/** Copies ./app into the app; `x.ts.template` becomes `x.ts` (kept out of this repository's type check). */
function copyTemplates(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name)
    if (entry.isDirectory()) {
      fs.mkdirSync(path.join(to, entry.name), { recursive: true })
      copyTemplates(src, path.join(to, entry.name))
    } else {
      fs.copyFileSync(src, path.join(to, entry.name.replace(/\.template$/, "")))
    }
  }
}

/**
 * 3. npm installs the tarball with its dependencies (from the lockfile's
 * versions, offline), in a directory of its own; the result moves into the
 * app's node_modules, and the rest of node_modules links to this repository's.
 */
async function installTarball(tarball) {
  const stageDir = path.join(tmpDir, "install")
  fs.mkdirSync(stageDir)
  const packedPkg = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }))
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8"))
  const rel = `file:../${path.basename(tarball)}`

  // The lockfile npm would write for the tarball: its dependencies, and theirs, at this repository's versions.
  const packages = {
    "": { name: "install", dependencies: { [PLUGIN_NAME]: rel } },
    [`node_modules/${PLUGIN_NAME}`]: {
      version: packedPkg.version,
      resolved: rel,
      dependencies: packedPkg.dependencies || {},
      peerDependencies: packedPkg.peerDependencies || {},
    },
  }
  // [lockfile path of the package that needs it, name]; the plugin's own dependencies are top-level.
  const queue = Object.keys(packedPkg.dependencies || {}).map((name) => ["", name])
  while (queue.length) {
    const [from, name] = queue.shift()
    const at = from ? lockPathFrom(lock, from, name) : `node_modules/${name}`
    if (packages[at]) continue
    const entry = from ? lock.packages[at] : lockEntry(lock, name)
    const range = from ? null : packedPkg.dependencies?.[name]
    if (range) check(semver.satisfies(entry.version, range), `${name}@${entry.version} (lockfile) does not satisfy the package's ${range}`)
    packages[at] = entry
    queue.push(...Object.keys(entry.dependencies || {}).map((dep) => [at, dep]))
  }
  fs.writeFileSync(path.join(stageDir, "package.json"), JSON.stringify({ name: "install", private: true, dependencies: { [PLUGIN_NAME]: rel } }))
  fs.writeFileSync(path.join(stageDir, "package-lock.json"), JSON.stringify({ name: "install", lockfileVersion: 3, requires: true, packages }, null, 2))
  // The peers are the app's own packages (linked below): npm is not to fetch them.
  // The dependencies' tarballs are in npm's cache since `npm ci` of this repository;
  // when they are not (another cache), npm may fetch them.
  const npmCi = (mode) =>
    run("npm", ["ci", mode, "--legacy-peer-deps", "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: stageDir,
      logName: "npm-install",
      allowFailure: mode === "--offline",
    })
  let install = await npmCi("--offline")
  if (install.code !== 0) {
    check(/ENOTCACHED/.test(install.output), `npm ci of the tarball failed (log ${path.join(tmpDir, "npm-install.log")})`)
    log("some dependency is not in npm's cache: npm ci --prefer-offline")
    install = await npmCi("--prefer-offline")
  }
  const { seconds } = install
  const installed = fs.readdirSync(path.join(stageDir, "node_modules")).filter((n) => !n.startsWith("."))
  check(installed.includes(PLUGIN_NAME), `npm did not install ${PLUGIN_NAME}`)

  const nm = path.join(appDir, "node_modules")
  fs.mkdirSync(nm)
  for (const name of installed) fs.renameSync(path.join(stageDir, "node_modules", name), path.join(nm, name))
  const repoNm = path.join(REPO_ROOT, "node_modules")
  let linked = 0
  for (const name of fs.readdirSync(repoNm)) {
    if (name.startsWith(".") && name !== ".bin") continue // npm's and Vite's caches stay the app's own
    if (fs.existsSync(path.join(nm, name))) continue
    fs.symlinkSync(path.join(repoNm, name), path.join(nm, name))
    linked++
  }
  log(`npm ci of the tarball (${installed.join(", ")}) in ${seconds} s; ${linked} other packages linked`)
}

/** Bare package name of an import specifier, or null for relative paths and Node built-ins. */
function packageOf(spec) {
  if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:")) return null
  const parts = spec.split("/")
  const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]
  if (!/^(@[a-z0-9._~-]+\/)?[a-z0-9._~-]+$/.test(name)) return null
  return require("module").builtinModules.includes(name) ? null : name
}

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? listFiles(p) : [p]
  })
}

/** 4. Checks on the installed package. */
function checkInstalledPackage() {
  const pluginDir = fs.realpathSync(path.join(appDir, "node_modules", PLUGIN_NAME))
  const pkg = JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8"))
  // Resolved from a file of the app: from this file, Node would find this
  // repository itself (a package may import itself by its own name).
  const appRequire = require("module").createRequire(path.join(appDir, "package.json"))
  const fromApp = (spec) => appRequire.resolve(spec)

  // peerDependencies admit what the app runs.
  for (const [name, range] of Object.entries(pkg.peerDependencies || {})) {
    // The app's copy (some packages do not export their package.json).
    const { version } = JSON.parse(fs.readFileSync(path.join(appDir, "node_modules", name, "package.json"), "utf8"))
    check(semver.satisfies(version, range), `peer ${name}@${range} does not admit the app's ${version}`)
    check(!/^\d/.test(range), `peer ${name} is pinned (${range}); a range is expected`)
  }

  // TypeScript shops get the types of what the package exports.
  for (const entry of ["workflows", "modules/lot_tracking"]) {
    const js = fromApp(`${PLUGIN_NAME}/${entry}`)
    check(fs.existsSync(js.replace(/\.js$/, ".d.ts")), `${PLUGIN_NAME}/${entry} has no type declarations beside ${path.relative(pluginDir, js)}`)
  }

  // Every package the code imports is declared.
  const declared = new Set([...Object.keys(pkg.dependencies || {}), ...Object.keys(pkg.peerDependencies || {})])
  const undeclared = new Map()
  for (const file of listFiles(path.join(pluginDir, ".medusa", "server")).filter((f) => /\.(c|m)?js$/.test(f))) {
    const code = fs.readFileSync(file, "utf8")
    const specs = [
      ...code.matchAll(/\brequire\(\s*"([^"]+)"\s*\)/g),
      ...code.matchAll(/^\s*(?:import|export)\s[^"';]*?\bfrom\s*"([^"]+)"/gm),
      ...code.matchAll(/^\s*import\s*"([^"]+)"/gm),
      ...code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
    ]
    for (const m of specs) {
      const name = packageOf(m[1])
      if (name && !declared.has(name)) undeclared.set(name, path.relative(pluginDir, file))
    }
  }
  check(
    undeclared.size === 0,
    `imported but not in dependencies or peerDependencies: ${[...undeclared].map(([n, f]) => `${n} (${f})`).join(", ")}`
  )

  // Resolution by name through `exports`, as Medusa and the shop's code do it.
  const modulePath = fromApp(`${PLUGIN_NAME}/.medusa/server/src/modules/lot_tracking`)
  const workflowsPath = fromApp(`${PLUGIN_NAME}/workflows`)
  check(modulePath.startsWith(pluginDir) && workflowsPath.startsWith(pluginDir), "the plugin resolves outside the installed package")
  const workflows = appRequire(workflowsPath)
  for (const name of ["onFulfillmentCreated", "onOrderFulfillmentCanceled", "onOrderCanceled", "revertLotChanges"]) {
    check(typeof workflows[name] === "function", `${PLUGIN_NAME}/workflows does not export ${name}`)
  }

  // The admin extension, loaded by name as the dashboard's entry loads it.
  const adminExports = appRequire(`${PLUGIN_NAME}/admin`)
  const admin = adminExports.default ?? adminExports
  const routes = admin?.routeModule?.routes ?? []
  const lotsRoute = routes.find((r) => r.path === "/lots")
  check(lotsRoute && typeof lotsRoute.Component === "function", `the admin extension has no /lots route (routes: ${routes.map((r) => r.path)})`)
  const menu = (admin?.menuItemModule?.menuItems ?? []).find((m) => m.path === "/lots")
  check(menu && menu.label === "Lots", `the admin menu has no "Lots" item for /lots: ${JSON.stringify(menu)}`)
  log(`installed package: peers admit the app's versions, imports declared, exports resolve, admin has /lots ("${menu.label}", ${routes.length} routes)`)
}

/** 6. Without `core_hooks: false`, Medusa must refuse the shop's second handler. */
async function checkSecondHandlerRefused() {
  const port = await freePort()
  const { code, output, seconds } = await medusa(["start"], {
    env: { PORT: String(port), ADMIN_DISABLE: "true", PACKAGE_TEST_DEFAULT_HOOKS: "true" },
    logName: "boot-default-hooks",
    allowFailure: true,
    timeoutMs: 120_000,
  })
  check(code !== 0, "the app started with the plugin's default hooks and its own handlers: Medusa should have refused")
  check(
    /Cannot define multiple hook handlers for the \w+ hook/.test(output),
    `the boot failed for another reason (log ${path.join(tmpDir, "boot-default-hooks.log")})`
  )
  log(`without core_hooks: false the boot fails: "${output.match(/Cannot define multiple hook handlers for the \w+ hook/)[0]}" (${seconds} s)`)
}

/** 7. Starts the app; resolves its base URL once /health answers. */
async function startServer() {
  const port = await freePort()
  const logFile = path.join(tmpDir, "server.log")
  const out = fs.openSync(logFile, "w")
  const child = spawn(process.execPath, [medusaCli(), "start"], {
    cwd: appDir,
    env: appEnv({ PORT: String(port) }),
    stdio: ["ignore", out, out],
    detached: true,
  })
  fs.closeSync(out)
  server = { child, logFile }
  const baseUrl = `http://localhost:${port}`
  const t0 = Date.now()
  const health = await waitForHealth(baseUrl, { timeoutMs: BOOT_TIMEOUT_MS, child })
  if (!health.ready) {
    console.error(tail(logFile, 60))
    if (health.exited) fail(`the app exited while starting (log ${logFile})`)
    fail(`the app did not answer /health within ${BOOT_TIMEOUT_MS / 1000} s`)
  }
  log(`medusa start: /health answers after ${secs(t0)} s`)
  return baseUrl
}

const serverLog = () => fs.readFileSync(server.logFile, "utf8")

async function checkServedApp(baseUrl) {
  const api = createApi(baseUrl)

  // GET /admin/lots as an admin user.
  const unauth = await fetch(`${baseUrl}/admin/lots`)
  check(unauth.status === 401, `GET /admin/lots without a token answered ${unauth.status}, expected 401`)
  await api.login(ADMIN_EMAIL, ADMIN_PASSWORD)
  const { lots, count } = await api.admin("GET", "/admin/lots?limit=5")
  check(Array.isArray(lots) && count > 0, `GET /admin/lots: expected the seeded lots, got ${JSON.stringify({ count })}`)
  log(`GET /admin/lots: 200, ${count} lots`)

  // The admin: served, and its entry imports the plugin's admin by name.
  const page = await fetch(`${baseUrl}/app`)
  const html = await page.text()
  check(page.status === 200 && html.includes('id="medusa"'), `GET /app answered ${page.status}`)
  const entry = fs.readFileSync(path.join(appDir, ".medusa", "client", "entry.jsx"), "utf8")
  check(entry.includes(`from "${PLUGIN_NAME}/admin"`), `the dashboard entry does not import ${PLUGIN_NAME}/admin:\n${entry}`)
  const t0 = Date.now()
  const served = await fetch(`${baseUrl}/app/entry.jsx`)
  const servedEntry = await served.text()
  const pluginImport = servedEntry.match(/import plugin\d+ from "([^"]*medusa-plugin-lot-tracking[^"]*)"/)
  check(served.status === 200 && pluginImport, `GET /app/entry.jsx answered ${served.status}:\n${servedEntry.slice(0, 2000)}`)
  const servedAdmin = await fetch(new URL(pluginImport[1], baseUrl))
  const servedAdminCode = await servedAdmin.text()
  check(servedAdmin.status === 200 && servedAdminCode.includes('path: "/lots"'), `GET ${pluginImport[1]} answered ${servedAdmin.status} without the /lots route`)
  log(`GET /app: 200; the dashboard entry imports ${PLUGIN_NAME}/admin, served as ${pluginImport[1]} with the /lots route (${secs(t0)} s)`)

  // The three order hooks, through the shop's handlers.
  const pk = await api.publishableKey()
  const { products } = await api.admin("GET", "/admin/products?handle=argan-repair-shampoo&fields=id,variants.id")
  const variantId = products[0].variants[0].id
  const order = await api.placeOrder(pk, { email: "buyer@shop.test", items: [{ variant_id: variantId, quantity: 2 }] })
  const allocated = await api.waitForOrderLots(order.id)
  const fulfilled = await api.fulfilOrder(order.id, allocated)
  const line = (ol) => ol.lines[0]
  check(line(fulfilled).fulfilled_quantity === 2, `after the fulfilment: ${JSON.stringify(line(fulfilled))}`)
  check(/shop hook fulfillmentCreated/.test(serverLog()), "the shop's fulfillmentCreated handler did not run")

  const { order: withFulfillments } = await api.admin("GET", `/admin/orders/${order.id}?fields=id,fulfillments.id`)
  const fulfillmentId = withFulfillments.fulfillments[0].id
  await api.admin("POST", `/admin/orders/${order.id}/fulfillments/${fulfillmentId}/cancel`, {})
  let { order_lots } = await api.admin("GET", `/admin/orders/${order.id}/lots`)
  check(line(order_lots).fulfilled_quantity === 0 && line(order_lots).reserved_quantity === 2, `after canceling the fulfilment: ${JSON.stringify(line(order_lots))}`)
  check(/shop hook orderFulfillmentCanceled/.test(serverLog()), "the shop's orderFulfillmentCanceled handler did not run")

  await api.admin("POST", `/admin/orders/${order.id}/cancel`, {})
  ;({ order_lots } = await api.admin("GET", `/admin/orders/${order.id}/lots`))
  check(line(order_lots).reserved_quantity === 0, `after canceling the order: ${JSON.stringify(line(order_lots))}`)
  check(/shop hook orderCanceled/.test(serverLog()), "the shop's orderCanceled handler did not run")
  log("order fulfilled, fulfilment canceled, order canceled: the shop's handlers ran and the lots followed")
}

// ---------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------

async function cleanup() {
  await stopServer()
  runner.killAll("SIGKILL")
  if (KEEP) {
    log(`kept ${tmpDir} and database ${DB_NAME}`)
    return
  }
  if (dbCreated) await dropDatabase().catch((e) => console.error(`[package] dropping ${DB_NAME}: ${e.message}`))
  fs.rmSync(tmpDir, { recursive: true, force: true })
}

async function main() {
  log(`working in ${tmpDir}`)
  const tarball = await buildAndPack()
  writeApp(tarball)
  await installTarball(tarball)
  checkInstalledPackage()

  await recreateDatabase()
  // The shop's hooks file type-checks against the package's declarations
  // (noImplicitAny: an import without types would fail), beside the migration.
  const [migrate, types] = await Promise.all([
    medusa(["db:migrate"], { logName: "migrate", env: { ADMIN_DISABLE: "true" } }),
    run(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "tsconfig.json"], {
      cwd: appDir,
      logName: "tsc",
    }),
  ])
  log(`medusa db:migrate on ${DB_NAME} (${migrate.seconds} s); the shop's TypeScript checks against the package's types (${types.seconds} s)`)
  const seedScript = path.join("node_modules", PLUGIN_NAME, ".medusa", "server", "src", "scripts", "seed.js")
  // One after the other: each boots the app, and two boots at once on a fresh
  // database have been seen to fail (`medusa user` exiting 1).
  const user = await medusa(["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], { logName: "user", env: { ADMIN_DISABLE: "true" } })
  const seed = await medusa(["exec", seedScript], { logName: "seed", env: { ADMIN_DISABLE: "true" } })
  log(`medusa user (${user.seconds} s) and the packaged demo seed (${seed.seconds} s)`)

  await checkSecondHandlerRefused()
  const baseUrl = await startServer()
  await checkServedApp(baseUrl)
}

let exitCode = 0
const onSignal = (sig) => {
  log(`${sig}: stopping`)
  exitCode = 130
  cleanup().finally(() => process.exit(exitCode))
}
process.once("SIGINT", onSignal)
process.once("SIGTERM", onSignal)

main()
  .then(() => log(`PASSED in ${secs()} s`))
  .catch((e) => {
    exitCode = 1
    console.error(`\x1b[31m[package] FAILED after ${secs()} s:\x1b[0m ${e.checkFailed ? e.message : e.stack || e}`)
  })
  .finally(async () => {
    await cleanup()
    process.exit(exitCode)
  })
