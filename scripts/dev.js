#!/usr/bin/env node
"use strict"
/**
 * `npm run dev`: one command from a fresh clone to a running Medusa with the
 * plugin loaded from ./src.
 *
 *   1. find PostgreSQL (DATABASE_URL, localhost:5432, else embedded; see scripts/lib/postgres.js)
 *   2. create the database (medusa_lot_tracking, or the name in DATABASE_URL)
 *   3. medusa db:migrate
 *   4. medusa user (admin@lot-tracking.test / supersecret), idempotent
 *   5. medusa exec ./src/scripts/seed.ts (idempotent demo data)
 *   6. medusa develop [extra args] (admin at http://localhost:9000/app);
 *      e.g. `npm run dev -- --no-lint` skips develop's start-up lint
 *
 * Nothing is written inside the repository: `medusa develop` watches it and
 * would restart on every write.
 */

const fs = require("fs")
const path = require("path")
const { resolvePostgres, ensureDatabase, parseDatabaseUrl } = require("./lib/postgres")
const { createRunner, REPO_ROOT } = require("./lib/process")

process.env.MEDUSA_DISABLE_TELEMETRY = "true"

const ADMIN_EMAIL = "admin@lot-tracking.test"
const ADMIN_PASSWORD = "supersecret"
const DEFAULT_DB_NAME = "medusa_lot_tracking"
const SEED_SCRIPT = "./src/scripts/seed.ts"

const log = (msg) => console.log(`\x1b[36m[dev]\x1b[0m ${msg}`)
const fail = (msg) => console.error(`\x1b[31m[dev] ERROR:\x1b[0m ${msg}`)

const runner = createRunner({ log })
let pg = null

async function finish(code) {
  if (pg) {
    try {
      await pg.stop()
    } catch (e) {
      fail(`stopping PostgreSQL: ${e.message}`)
    }
  }
  process.exit(code)
}

/** Runs `npx medusa ...args`; returns the result, exits on interrupt. */
async function medusa(args, env, opts = {}) {
  const res = await runner.run("npx", ["medusa", ...args], { env, ...opts })
  if (res.interrupted || runner.interrupted) {
    log(`interrupted (${runner.interrupted}), shutting down`)
    await finish(runner.exitCodeFor())
  }
  return res
}

async function step(title, args, env) {
  log(`${title}: npx medusa ${args.join(" ")}`)
  const t0 = Date.now()
  const res = await medusa(args, env)
  if (res.code !== 0) {
    fail(`"npx medusa ${args.join(" ")}" failed with exit code ${res.code} (${title})`)
    await finish(res.code || 1)
  }
  log(`${title}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
}

function banner(adminUrl) {
  const lines = [
    `Admin dashboard: ${adminUrl}`,
    `Email:           ${ADMIN_EMAIL}`,
    `Password:        ${ADMIN_PASSWORD}`,
    `Database:        ${process.env.DATABASE_URL.replace(/:[^:@/]*@/, ":***@")}`,
    `Stop with Ctrl-C.`,
  ]
  const width = Math.max(...lines.map((l) => l.length)) + 2
  const bar = "─".repeat(width)
  console.log(`\n\x1b[32m┌${bar}┐`)
  for (const l of lines) console.log(`│ ${l.padEnd(width - 1)}│`)
  console.log(`└${bar}┘\x1b[0m\n`)
}

async function main() {
  process.chdir(REPO_ROOT)
  if (!fs.existsSync(path.join(REPO_ROOT, "node_modules", "@medusajs", "medusa"))) {
    fail("dependencies are not installed: run `npm install` first")
    process.exit(1)
  }

  let dbName = DEFAULT_DB_NAME
  if (process.env.DATABASE_URL) {
    try {
      dbName = parseDatabaseUrl(process.env.DATABASE_URL).database || DEFAULT_DB_NAME
    } catch (e) {
      fail(e.message)
      process.exit(1)
    }
  }

  try {
    pg = await resolvePostgres({ log: (m) => log(m) })
  } catch (e) {
    fail(`no PostgreSQL available: ${e.message}`)
    process.exit(1)
  }
  if (runner.interrupted) await finish(runner.exitCodeFor())

  try {
    const created = await ensureDatabase(pg, dbName)
    log(created ? `created database ${dbName}` : `database ${dbName} exists`)
  } catch (e) {
    fail(`cannot create database ${dbName}: ${e.message}`)
    await finish(1)
  }

  process.env.DATABASE_URL = pg.adminUrl(dbName)
  const env = { ...process.env }

  await step("migrations", ["db:migrate"], env)

  log(`admin user: npx medusa user -e ${ADMIN_EMAIL} -p ********`)
  // output kept quiet: an existing user makes Medusa print a long stack trace
  const user = await medusa(["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], env, { capture: true, quiet: true })
  if (user.code === 0) {
    log(`admin user ${ADMIN_EMAIL} created`)
  } else if (/already exists/i.test(user.output)) {
    log(`admin user ${ADMIN_EMAIL} already exists (ok)`)
  } else {
    process.stdout.write(user.output)
    fail(`"npx medusa user" failed with exit code ${user.code}`)
    await finish(user.code || 1)
  }

  if (fs.existsSync(path.join(REPO_ROOT, SEED_SCRIPT))) {
    await step("seed", ["exec", SEED_SCRIPT], env)
  } else {
    log(`WARNING: ${SEED_SCRIPT} not found, skipping demo data`)
  }

  const port = process.env.PORT || 9000
  banner(`http://localhost:${port}/app`)
  // extra arguments go to `medusa develop` (e.g. `npm run dev -- --no-lint`)
  const res = await medusa(["develop", ...process.argv.slice(2)], env)
  if (res.code !== 0) fail(`"npx medusa develop" exited with code ${res.code}`)
  else log("medusa develop exited")
  await finish(res.code)
}

main().catch(async (e) => {
  fail(e && e.stack ? e.stack : String(e))
  await finish(1)
})
