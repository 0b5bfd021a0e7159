"use strict"
/**
 * What scripts/bench.js hands every benchmark module (`run(ctx)`):
 *
 *   ctx.log(msg)                      progress line
 *   ctx.options                       parsed `--key[=value]` options of the command line
 *   ctx.databaseUrl, ctx.dbName       the benchmark database (fresh, migrated)
 *   ctx.sql(text, params)             query it (one shared pg client)
 *   ctx.medusa(args, { env })         `npx medusa ...args` against it; throws on failure
 *   ctx.exec(file, { input, env })    `npx medusa exec file`; `input` goes to a JSON file
 *                                     named by BENCH_IN, the script writes BENCH_OUT; returns it
 *   ctx.createAdminUser()             `npx medusa user`; returns { email, password }
 *   ctx.startServer({ env })          `npx medusa start` from source (NODE_ENV=development, admin
 *                                     disabled; `--server=develop` uses `npx medusa develop --no-lint`)
 *                                     on a free port, waits for /health; returns { url, port, logFile, stop }
 *   ctx.stopServer()                  stops it (whole process group); also done by the runner
 *   ctx.tmpDir                        scratch directory under the OS temp dir (never the repo:
 *                                     `medusa develop` watches the repository and restarts)
 *
 * Every child runs in its own process group so that an interrupt or a crash
 * can stop it whole (npx -> medusa -> forked server).
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { spawn } = require("child_process")
const { REPO_ROOT, freePort, killGroup, tail, waitForHealth } = require("../../scripts/lib/process")

const HEALTH_TIMEOUT_MS = 180000

function createHarness({ pgInfo, dbName, databaseUrl, options, log }) {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "lot-tracking-bench-"))
  const children = new Set() // running child processes (each leads its own group)
  let server = null
  let client = null
  let execSeq = 0

  const baseEnv = () => ({
    ...process.env,
    DATABASE_URL: databaseUrl,
    MEDUSA_DISABLE_TELEMETRY: "true",
    NODE_ENV: process.env.NODE_ENV || "development",
  })

  /** Spawns `cmd args` in its own process group, output appended to `logFile`. */
  function spawnLogged(cmd, args, { env, logFile }) {
    const fd = fs.openSync(logFile, "a")
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", fd, fd] })
    fs.closeSync(fd)
    children.add(child)
    child.once("exit", () => children.delete(child))
    return child
  }

  function runToEnd(cmd, args, { env, logFile, title }) {
    return new Promise((resolve, reject) => {
      const child = spawnLogged(cmd, args, { env, logFile })
      child.once("error", reject)
      child.once("exit", (code, signal) => {
        if (code === 0) resolve()
        else {
          const err = new Error(`${title || `${cmd} ${args.join(" ")}`} failed (${signal || `exit ${code}`}); log ${logFile}:\n${tail(logFile)}`)
          err.logFile = logFile
          reject(err)
        }
      })
    })
  }

  const ctx = {
    options,
    dbName,
    databaseUrl,
    pgInfo,
    tmpDir,
    log,

    async sql(text, params) {
      if (!client) {
        const { Client } = require("pg")
        client = new Client({ connectionString: databaseUrl })
        client.on("error", () => {})
        await client.connect()
      }
      const res = await client.query(text, params)
      return res.rows
    },

    async medusa(args, { env = {}, title, quiet } = {}) {
      const logFile = path.join(tmpDir, `medusa-${++execSeq}-${args[0].replace(/[^a-z0-9]+/gi, "_")}.log`)
      const t0 = Date.now()
      await runToEnd("npx", ["medusa", ...args], { env: { ...baseEnv(), ...env }, logFile, title: title || `npx medusa ${args.join(" ")}` })
      if (!quiet) log(`${title || `npx medusa ${args[0]}`}: ${((Date.now() - t0) / 1000).toFixed(1)} s`)
      return { logFile, ms: Date.now() - t0 }
    },

    async exec(file, { input, env = {}, title } = {}) {
      if (server) {
        // exec does not write into the repository, but a running develop server
        // shares the CPU and would skew what the script measures.
        log(`note: running ${file} while the server is up`)
      }
      const n = ++execSeq
      const inFile = path.join(tmpDir, `exec-${n}-in.json`)
      const outFile = path.join(tmpDir, `exec-${n}-out.json`)
      fs.writeFileSync(inFile, JSON.stringify(input ?? {}))
      const res = await ctx.medusa(["exec", file], { env: { BENCH_IN: inFile, BENCH_OUT: outFile, ...env }, title: title || `exec ${file}` })
      if (!fs.existsSync(outFile)) throw new Error(`${file} wrote no output (${outFile}); log ${res.logFile}:\n${tail(res.logFile)}`)
      return { output: JSON.parse(fs.readFileSync(outFile, "utf8")), ms: res.ms, logFile: res.logFile }
    },

    async createAdminUser() {
      const email = `bench-admin-${Date.now()}@lot-tracking.test`
      const password = `bench-${Math.random().toString(36).slice(2)}-pw`
      await ctx.medusa(["user", "-e", email, "-p", password], { title: "admin user (npx medusa user)" })
      return { email, password }
    },

    async startServer({ env = {} } = {}) {
      if (server) throw new Error("a server is already running")
      const port = Number(options.port) || (await freePort())
      const logFile = path.join(tmpDir, `server-${port}.log`)
      const url = `http://localhost:${port}`
      const t0 = Date.now()
      // `medusa develop` = a file watcher + a forked `medusa start` (NODE_ENV=development,
      // TypeScript loaded from source: no build needed). The watcher restarts the server on
      // every file change in the repository, which other people editing src/ trigger
      // mid-run, so the default is that same `medusa start` without the watcher.
      const mode = options.server === "develop" ? "develop" : "start"
      const args = mode === "develop" ? ["medusa", "develop", "--no-lint"] : ["medusa", "start"]
      const child = spawnLogged("npx", args, {
        env: { ...baseEnv(), ...env, NODE_ENV: "development", PORT: String(port), MEDUSA_ADMIN_DISABLE: "true" },
        logFile,
      })
      server = { child, port, url, logFile, startedAt: t0, mode }
      const health = await waitForHealth(url, { timeoutMs: HEALTH_TIMEOUT_MS, child, requestTimeoutMs: 2000 })
      if (health.exited) {
        server = null
        throw new Error(`medusa ${mode} stopped before it was ready (${health.exited}); log ${logFile}:\n${tail(logFile)}`)
      }
      if (!health.ready) {
        await ctx.stopServer()
        throw new Error(`medusa ${mode} not healthy after ${HEALTH_TIMEOUT_MS / 1000} s; log ${logFile}:\n${tail(logFile)}`)
      }
      server.readyMs = Date.now() - t0
      log(`server: npx ${args.join(" ")} ready on ${url} in ${(server.readyMs / 1000).toFixed(1)} s (log ${logFile})`)
      return { url, port, logFile, mode, readyMs: server.readyMs, stop: () => ctx.stopServer() }
    },

    /** Stops the server; returns { restarts } seen in its log (develop restarts on file changes). */
    async stopServer() {
      if (!server) return null
      const s = server
      server = null
      await killGroup(s.child)
      const text = (() => {
        try {
          return fs.readFileSync(s.logFile, "utf8")
        } catch {
          return ""
        }
      })()
      const ready = (text.match(/Server is ready on port/g) || []).length
      const restarts = Math.max(0, ready - 1)
      if (restarts) log(`WARNING: the server restarted ${restarts} time(s) while the benchmark ran (a file changed in the repository); figures may be skewed`)
      // eslint-disable-next-line no-control-regex
      const plain = text.replace(/\x1b\[[0-9;]*m/g, "").split("\n")
      const errorLines = plain.filter((l) => /^\s*error:|\berror\b.*(workflow|subscriber)|Timed-out acquiring lock/i.test(l))
      const lockTimeouts = plain.filter((l) => /Timed-out acquiring lock/.test(l)).length
      if (errorLines.length) log(`server log: ${errorLines.length} error line(s), ${lockTimeouts} lock time-out(s); first: ${errorLines[0].trim().slice(0, 200)}`)
      log("server: stopped")
      return { restarts, logFile: s.logFile, errorLines: errorLines.length, lockTimeouts, errorSample: errorLines.slice(0, 5).map((l) => l.trim().slice(0, 300)) }
    },

    get serverRunning() {
      return Boolean(server)
    },
  }

  /** Stops everything this harness started. */
  async function shutdown() {
    await ctx.stopServer().catch(() => {})
    await Promise.all([...children].map((c) => killGroup(c, 5000)))
    if (client) await client.end().catch(() => {})
    client = null
  }

  return { ctx, shutdown, tmpDir }
}

module.exports = { createHarness }
