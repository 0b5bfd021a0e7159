#!/usr/bin/env node
"use strict"
/**
 * `npm run bench`: performance benchmarks (not tests: they print PASS/MISS
 * against targets and exit 0 unless something crashed).
 *
 *   npm run bench                      every benchmark in bench/*.js
 *   npm run bench -- allocation        one (or several) by name
 *   npm run bench -- --list            list them
 *   npm run bench -- --keep            keep the database afterwards (for inspection)
 *   npm run bench -- allocation --quick  smaller sample sizes (module option)
 *   npm run bench -- --server=develop  boot with `medusa develop --no-lint` instead of
 *                                      `medusa start` (develop restarts on any file change)
 *
 * For every run: find PostgreSQL (scripts/lib/postgres.js: DATABASE_URL, localhost:5432,
 * else embedded), create the database `lot_tracking_bench` fresh (dropped
 * first if it exists), `npx medusa db:migrate`, then run the benchmarks one
 * after another with a shared context (bench/lib/harness.js). Each
 * benchmark's results go to bench/results/<name>.json, written only after
 * every server process stopped (`medusa develop` watches the repository).
 * The database is dropped at the end unless --keep.
 *
 * A benchmark is a module bench/<name>.js exporting
 *   { description: string, run: async (ctx) => ({ results, table, targets }) }
 * where targets = [{ name, value, unit, target, pass, baseline?, reference? }]: `baseline` is the
 * same figure without the plugin (core alone, an untracked item) where there is one, `reference`
 * the physical floor it compares with (e.g. one indexed PostgreSQL lookup).
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { resolvePostgres, ensureDatabase, dropDatabase, connectAdmin } = require("./lib/postgres")
const { REPO_ROOT } = require("./lib/process")

process.env.MEDUSA_DISABLE_TELEMETRY = "true"

const DB_NAME = "lot_tracking_bench"
const BENCH_DIR = path.join(REPO_ROOT, "bench")
const RESULTS_DIR = path.join(BENCH_DIR, "results")

const color = (c, s) => (process.stdout.isTTY ? `\x1b[${c}m${s}\x1b[0m` : s)
const started = Date.now()
const loadAtStart = os.loadavg().map((v) => Math.round(v * 100) / 100)
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
const log = (msg) => console.log(`${color(36, "[bench]")} ${color(2, elapsed().padStart(7))} ${msg}`)

function parseArgs(argv) {
  const names = []
  const options = {}
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a)
    if (m) options[m[1]] = m[2] === undefined ? true : m[2]
    else names.push(a)
  }
  return { names, options }
}

function discover() {
  return fs
    .readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(".js") && fs.statSync(path.join(BENCH_DIR, f)).isFile())
    .map((f) => f.slice(0, -3))
    .sort()
}

function machine() {
  const cpus = os.cpus()
  return {
    cpu: cpus[0] ? cpus[0].model : "unknown",
    cores: cpus.length,
    memory_gb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    // Other work on the machine skews every figure: compare runs with similar load.
    load_average_at_start: loadAtStart,
    load_average_at_end: os.loadavg().map((v) => Math.round(v * 100) / 100),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  }
}

async function serverVersion(pgInfo) {
  const client = await connectAdmin(pgInfo)
  try {
    return (await client.query("show server_version")).rows[0].server_version
  } catch {
    return "unknown"
  } finally {
    await client.end().catch(() => {})
  }
}

async function main() {
  const { names, options } = parseArgs(process.argv.slice(2))
  const available = discover()
  if (options.help || options.h) {
    const doc = fs.readFileSync(__filename, "utf8").split("\n")
    const end = doc.findIndex((l) => l.startsWith(" */"))
    console.log(doc.slice(3, end).map((l) => l.replace(/^ \* ?/, "")).join("\n"))
    return 0
  }
  if (options.list) {
    for (const n of available) {
      const mod = require(path.join(BENCH_DIR, n))
      console.log(`${n.padEnd(16)} ${mod.description || ""}`)
    }
    return 0
  }
  const unknown = names.filter((n) => !available.includes(n))
  if (unknown.length) {
    console.error(`[bench] unknown benchmark(s): ${unknown.join(", ")}; available: ${available.join(", ")}`)
    return 2
  }
  const selected = names.length ? names : available
  const modules = selected.map((n) => ({ name: n, mod: require(path.join(BENCH_DIR, n)) }))
  for (const { name, mod } of modules) {
    if (typeof mod.run !== "function") throw new Error(`bench/${name}.js does not export run(ctx)`)
  }
  if (!fs.existsSync(path.join(REPO_ROOT, "node_modules", "@medusajs", "medusa"))) {
    console.error("[bench] dependencies are not installed: run `npm install` first")
    return 1
  }

  log(`benchmarks: ${selected.join(", ")} (load average ${loadAtStart.join(" ")} on ${os.cpus().length} cores)`)
  const pgInfo = await resolvePostgres({ log: (m) => log(`db: ${m}`) })
  let harness = null
  let exitCode = 0
  const pending = [] // { name, file, data } written once every server stopped
  let interrupted = null

  const cleanup = async () => {
    if (harness) await harness.shutdown()
    if (!options.keep) {
      await dropDatabase(pgInfo, DB_NAME).then(
        () => log(`database ${DB_NAME} dropped`),
        (e) => log(`could not drop ${DB_NAME}: ${e.message}`)
      )
    } else {
      log(`database kept: ${pgInfo.adminUrl(DB_NAME)}`)
    }
    await pgInfo.stop().catch(() => {})
    if (harness) {
      if (exitCode === 0 && !interrupted && !options.keep) fs.rmSync(harness.tmpDir, { recursive: true, force: true })
      else log(`logs kept in ${harness.tmpDir}`)
    }
  }

  const onSignal = (sig) => {
    if (interrupted) return
    interrupted = sig
    log(`${sig}: stopping`)
    cleanup().finally(() => process.exit(128 + (sig === "SIGINT" ? 2 : sig === "SIGHUP" ? 1 : 15)))
  }
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, onSignal)

  try {
    await dropDatabase(pgInfo, DB_NAME)
    await ensureDatabase(pgInfo, DB_NAME)
    const databaseUrl = pgInfo.adminUrl(DB_NAME)
    log(`database ${DB_NAME} created fresh on ${pgInfo.host}:${pgInfo.port} (${pgInfo.source})`)
    const pgVersion = await serverVersion(pgInfo)

    const created = require("../bench/lib/harness").createHarness({ pgInfo, dbName: DB_NAME, databaseUrl, options, log })
    harness = created
    const { ctx } = harness
    const migrate = await ctx.medusa(["db:migrate"], { title: "migrations (npx medusa db:migrate)" })

    for (const { name, mod } of modules) {
      log(color(1, `── ${name}: ${mod.description || ""}`))
      const t0 = Date.now()
      let outcome
      try {
        outcome = await mod.run(ctx)
      } finally {
        await ctx.stopServer()
      }
      const seconds = (Date.now() - t0) / 1000
      if (outcome.table) console.log(`\n${outcome.table}\n`)
      for (const t of outcome.targets || []) {
        const mark = t.pass ? color(32, "PASS") : color(33, "MISS")
        console.log(`  ${mark}  ${t.name}: ${t.value === null || t.value === undefined ? "-" : t.value}${t.unit || ""} (target ${t.target})`)
        // Beside each figure: what it compares with (core without the plugin) and what bounds it physically.
        if (t.baseline) console.log(`        baseline: ${t.baseline}`)
        if (t.reference) console.log(`        reference: ${t.reference}`)
      }
      console.log("")
      pending.push({
        name,
        file: path.join(RESULTS_DIR, `${name}.json`),
        data: {
          benchmark: name,
          description: mod.description || null,
          date: new Date().toISOString(),
          machine: machine(),
          postgres: { version: pgVersion, source: pgInfo.source },
          medusa: require(path.join(REPO_ROOT, "node_modules", "@medusajs", "medusa", "package.json")).version,
          options,
          duration_s: Math.round(seconds * 10) / 10,
          migrate_s: Math.round(migrate.ms / 100) / 10,
          targets: outcome.targets || [],
          ...outcome.results,
        },
      })
    }
  } catch (e) {
    if (!interrupted) {
      console.error(color(31, `[bench] ERROR: ${e && e.stack ? e.stack : e}`))
      exitCode = 1
    }
  } finally {
    if (!interrupted) await cleanup()
  }
  if (interrupted) return new Promise(() => {}) // the signal handler exits

  // Every server is stopped now: safe to write inside the repository.
  for (const p of pending) {
    p.data.total_run_s = Math.round((Date.now() - started) / 100) / 10
    fs.mkdirSync(path.dirname(p.file), { recursive: true })
    fs.writeFileSync(p.file, `${JSON.stringify(p.data, null, 2)}\n`)
    log(`results: ${path.relative(REPO_ROOT, p.file)}`)
  }
  log(exitCode === 0 ? color(32, `done in ${elapsed()}`) : color(31, `failed after ${elapsed()}`))
  return exitCode
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e)
    process.exit(1)
  }
)
