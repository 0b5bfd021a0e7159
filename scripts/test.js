#!/usr/bin/env node
"use strict"
/**
 * `npm test`: every check, in order, stopping at the first failure (its exit
 * code becomes ours).
 *
 *   static       npx medusa lint; npx tsc --noEmit; npx tsc --noEmit -p src/admin/tsconfig.json
 *   unit         npx jest --config jest.config.js --selectProjects unit
 *   integration  npx jest --config jest.config.js --selectProjects integration modules --maxWorkers=2 --forceExit
 *                (each suite boots its own app on its own database, so suites run in parallel;
 *                INTEGRATION_WORKERS=1 runs them in band)
 *                (PostgreSQL from scripts/lib/postgres.js; DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD,
 *                TEST_TYPE=integration), then order-race-redis in a jest process of its own with
 *                LOCKING_REDIS_URL (default redis://127.0.0.1:6379): Medusa reads its config once per process
 *   cluster      node integration-tests/cluster/run.js: two API servers and a worker on one PostgreSQL
 *                and Redis (docs/DEPLOYMENT.md), checkout races, a recall across instances, a worker
 *                killed mid-burst (same PostgreSQL; Redis at CLUSTER_REDIS_URL, default 127.0.0.1:6379)
 *   package      node integration-tests/package/run.js, when that file exists (same PostgreSQL,
 *                DATABASE_URL = the server without a database name)
 *   browser      node integration-tests/browser/run.js, when that file exists
 *
 * Usage:
 *   npm test                                  all stages
 *   npm test -- --only unit                   one stage (static|unit|integration|cluster|package|browser; comma list allowed)
 *   npm test -- <jest args>                   extra args go to both jest runs, e.g. a test path pattern
 *   npm test -- --only integration lots.spec
 */

const fs = require("fs")
const path = require("path")
const { resolvePostgres } = require("./lib/postgres")
const { createRunner, REPO_ROOT } = require("./lib/process")

process.env.MEDUSA_DISABLE_TELEMETRY = "true"

const STAGES = ["static", "unit", "integration", "cluster", "package", "browser"]
const REDIS_SPEC = "order-race-redis"
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379"
const CLUSTER_SCRIPT = path.join("integration-tests", "cluster", "run.js")
const PACKAGE_SCRIPT = path.join("integration-tests", "package", "run.js")
const BROWSER_SCRIPT = path.join("integration-tests", "browser", "run.js")

const color = (c, s) => (process.stdout.isTTY ? `\x1b[${c}m${s}\x1b[0m` : s)
const log = (msg) => console.log(`${color(36, "[test]")} ${msg}`)

function parseArgs(argv) {
  const only = new Set()
  const passthrough = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    let value = null
    if (a === "--only") {
      value = argv[++i]
      if (value === undefined) usage("--only needs a value")
    } else if (a.startsWith("--only=")) {
      value = a.slice("--only=".length)
    }
    if (value === null) {
      passthrough.push(a)
      continue
    }
    for (const v of value.split(",").map((s) => s.trim()).filter(Boolean)) {
      if (!STAGES.includes(v)) usage(`unknown stage "${v}"`)
      only.add(v)
    }
  }
  return { only, passthrough }
}

function usage(err) {
  console.error(`[test] ${err}\nusage: npm test -- [--only ${STAGES.join("|")}] [jest args...]`)
  process.exit(2)
}

const { only, passthrough } = parseArgs(process.argv.slice(2))
const selected = STAGES.filter((s) => only.size === 0 || only.has(s))

const runner = createRunner({ log })
let pg = null
const results = [] // { stage, status, seconds }
const started = Date.now()

function summary(failedStage, code) {
  const parts = results.map((r) => `${r.stage} ${r.status}${r.seconds !== undefined ? ` (${r.seconds.toFixed(1)} s)` : ""}`)
  const total = ((Date.now() - started) / 1000).toFixed(1)
  const line = failedStage
    ? color(31, `FAILED at ${failedStage} (exit ${code})`)
    : color(32, "PASSED")
  console.log(`\n${color(1, "[test] summary:")} ${line} — ${parts.join(", ") || "nothing run"} — ${total} s`)
}

async function finish(code, failedStage) {
  if (pg) {
    try {
      await pg.stop()
    } catch (e) {
      console.error(`[test] stopping PostgreSQL: ${e.message}`)
    }
  }
  summary(failedStage, code)
  process.exit(code)
}

function header(stage, what) {
  console.log(`\n${color(1, `━━━ [test] ${stage}: ${what}`)}`)
}

/** Run one command; on failure or interrupt, finish with its code. */
async function run(stage, cmd, args, env = process.env) {
  console.log(color(2, `$ ${[cmd, ...args].join(" ")}`))
  const res = await runner.run(cmd, args, { env })
  if (runner.interrupted) {
    results.push({ stage, status: "interrupted" })
    await finish(runner.exitCodeFor(), stage)
  }
  if (res.code !== 0) {
    results.push({ stage, status: "FAILED" })
    await finish(res.code, stage)
  }
}

async function getPostgres() {
  if (pg) return pg
  try {
    pg = await resolvePostgres({ log: (m) => log(m) })
  } catch (e) {
    console.error(`[test] no PostgreSQL available: ${e.message}`)
    results.push({ stage: "postgres", status: "FAILED" })
    await finish(1, "postgres")
  }
  return pg
}

function pgEnv(info) {
  return {
    ...process.env,
    NODE_OPTIONS: ["--experimental-vm-modules", process.env.NODE_OPTIONS].filter(Boolean).join(" "),
    DB_HOST: info.host,
    DB_PORT: String(info.port),
    DB_USERNAME: info.user,
    DB_PASSWORD: info.password || "",
    TEST_TYPE: "integration",
  }
}

async function main() {
  process.chdir(REPO_ROOT)
  // A test path pattern given by hand may match only one jest project.
  const jestExtra = passthrough.length ? ["--passWithNoTests", ...passthrough] : []

  for (const stage of selected) {
    const t0 = Date.now()
    switch (stage) {
      case "static":
        header(stage, "medusa lint, tsc (backend), tsc (admin)")
        await run(stage, "npx", ["medusa", "lint"])
        await run(stage, "npx", ["tsc", "--noEmit"])
        await run(stage, "npx", ["tsc", "--noEmit", "-p", "src/admin/tsconfig.json"])
        break
      case "unit":
        header(stage, "jest unit project")
        await run(stage, "npx", ["jest", "--config", "jest.config.js", "--selectProjects", "unit", ...jestExtra])
        break
      case "integration": {
        header(stage, "jest integration and modules projects (PostgreSQL)")
        const info = await getPostgres()
        log(`PostgreSQL ${info.host}:${info.port} user ${info.user} (${info.source})`)
        const workers = Math.max(1, Number(process.env.INTEGRATION_WORKERS) || 2)
        const jestRun = ["jest", "--config", "jest.config.js", workers === 1 ? "--runInBand" : `--maxWorkers=${workers}`, "--forceExit"]
        // Module tests (moduleIntegrationTestRunner) need the same PostgreSQL: they run here too.
        await run(
          stage,
          "npx",
          [...jestRun, "--selectProjects", "integration", "modules", "--testPathIgnorePatterns", REDIS_SPEC, ...jestExtra],
          pgEnv(info)
        )
        // Medusa loads its config once per process, so the multi-instance set-up (Redis
        // locking provider) gets a jest process of its own, as a second instance would.
        // A spec named by hand runs only where it matches.
        const patterns = passthrough.filter((a) => !a.startsWith("-"))
        if (patterns.length && !patterns.some((p) => REDIS_SPEC.includes(p) || p.includes(REDIS_SPEC))) {
          break
        }
        log(`${REDIS_SPEC}: Locking Module on Redis (${process.env.LOCKING_REDIS_URL || DEFAULT_REDIS_URL})`)
        await run(stage, "npx", [...jestRun, "--selectProjects", "integration", "--passWithNoTests", REDIS_SPEC, ...jestExtra], {
          ...pgEnv(info),
          LOCKING_REDIS_URL: process.env.LOCKING_REDIS_URL || DEFAULT_REDIS_URL,
        })
        break
      }
      case "cluster":
      case "package":
      case "browser": {
        const script = { cluster: CLUSTER_SCRIPT, package: PACKAGE_SCRIPT, browser: BROWSER_SCRIPT }[stage]
        if (!fs.existsSync(path.join(REPO_ROOT, script))) {
          if (only.has(stage)) log(`${script} does not exist`)
          results.push({ stage, status: `skipped (no ${script})` })
          continue
        }
        header(stage, `node ${script}`)
        const info = await getPostgres()
        await run(stage, process.execPath, [script], { ...pgEnv(info), DATABASE_URL: info.adminUrl("") })
        break
      }
    }
    results.push({ stage, status: "ok", seconds: (Date.now() - t0) / 1000 })
  }
  await finish(0)
}

main().catch(async (e) => {
  console.error(`[test] ERROR: ${e && e.stack ? e.stack : e}`)
  await finish(1, "test.js")
})
