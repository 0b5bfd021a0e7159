"use strict"
/**
 * Find the PostgreSQL server the scripts use, and manage databases on it.
 *
 * Order of preference (resolvePostgres):
 *   1. DATABASE_URL, when its server answers within 3 s;
 *   2. postgres://postgres@localhost:5432 (trust auth on the project's machines);
 *   3. an embedded PostgreSQL (scripts/lib/embedded-postgres.js).
 *
 * Environment:
 *   DATABASE_URL                      server (and database name) to try first
 *   LOT_TRACKING_PG_FORCE_EMBEDDED=1  skip probes 1 and 2, always use the embedded server
 *   (the embedded server's own settings: see scripts/lib/embedded-postgres.js)
 *
 * resolvePostgres() returns the server as `pgInfo`: { host, port, user,
 * password, adminUrl(dbName), source, embedded, startedEmbedded, stop() };
 * ensureDatabase() and dropDatabase() take it.
 */

const net = require("net")
const { truthy } = require("./process")

const PROBE_TIMEOUT_MS = 3000

const defaultLog = (msg) => console.log(`[db] ${msg}`)

/** 127.0.0.1 / ::1 / empty become "localhost": @medusajs/test-utils turns SSL on
 *  for every database URL that does not contain the word "localhost". */
function normaliseHost(host) {
  const h = String(host || "").replace(/^\[|\]$/g, "")
  if (!h || h === "127.0.0.1" || h === "::1" || h.toLowerCase() === "localhost") return "localhost"
  return h
}

function parseDatabaseUrl(raw) {
  let url
  try {
    url = new URL(raw)
  } catch (e) {
    throw new Error(`DATABASE_URL is not a valid URL: ${e.message}`)
  }
  if (!/^postgres(ql)?:$/.test(url.protocol)) {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol}//)`)
  }
  const search = new URLSearchParams(url.search)
  const host = normaliseHost(search.get("host") || url.hostname)
  search.delete("host")
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined
  return {
    host,
    port: Number(url.port) || 5432,
    user: decodeURIComponent(url.username) || "postgres",
    password: decodeURIComponent(url.password) || "",
    database,
    search: search.toString(),
  }
}

function buildUrl({ host, port, user, password, search }, dbName) {
  const auth = encodeURIComponent(user) + (password ? `:${encodeURIComponent(password)}` : "")
  const h = host.includes(":") ? `[${host}]` : host
  const db = dbName ? `/${encodeURIComponent(dbName)}` : ""
  return `postgres://${auth}@${h}:${port}${db}${search ? `?${search}` : ""}`
}

function pgClient({ host, port, user, password }, database, timeoutMs = PROBE_TIMEOUT_MS) {
  const { Client } = require("pg")
  const client = new Client({
    host,
    port,
    user,
    password: password || undefined,
    database,
    connectionTimeoutMillis: timeoutMs,
  })
  client.on("error", () => {}) // late socket errors must not crash the script
  return client
}

/**
 * Try to connect and run `select 1`. Resolves { ok: true } or { ok: false, error, code }.
 * A server that answers "database does not exist" counts as reachable.
 */
async function probe(conn, database = "postgres") {
  const client = pgClient(conn, database)
  try {
    await client.connect()
    await client.query("select 1")
    return { ok: true }
  } catch (error) {
    if (error && error.code === "3D000") return { ok: true, missingDatabase: true }
    return { ok: false, error, code: error && error.code }
  } finally {
    await client.end().catch(() => {})
  }
}

/** Is something listening on host:port at all (TCP)? */
function portOpen(port, host = "localhost", timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host })
    const done = (v) => {
      socket.destroy()
      resolve(v)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
  })
}

function describeError(e) {
  if (!e) return "unknown error"
  const parts = [e.code, e.message].filter(Boolean)
  if (e.errors && e.errors.length) parts.push(e.errors.map((x) => x.message).join("; "))
  return parts.join(": ") || String(e)
}

/** The `pgInfo` handed to callers for a server at `conn`. */
function makeInfo(conn, extra) {
  return {
    host: conn.host,
    port: conn.port,
    user: conn.user,
    password: conn.password || "",
    adminUrl: (dbName) => buildUrl(conn, dbName),
    embedded: false,
    startedEmbedded: false,
    stop: async () => {},
    ...extra,
  }
}

/** A connected client on the server's `postgres` maintenance database; the caller ends it. */
async function connectAdmin(pgInfo, timeoutMs = 10000) {
  const client = pgClient(pgInfo, "postgres", timeoutMs)
  try {
    await client.connect()
  } catch (e) {
    await client.end().catch(() => {})
    throw e
  }
  return client
}

/**
 * Create the database `name` when it does not exist (connects to the
 * `postgres` maintenance database). Safe against concurrent creation.
 * Resolves true when it created the database.
 */
async function ensureDatabase(pgInfo, name) {
  if (!/^[A-Za-z0-9_\-]+$/.test(name)) throw new Error(`refusing odd database name: ${name}`)
  const conn = { host: pgInfo.host, port: pgInfo.port, user: pgInfo.user, password: pgInfo.password }
  let client
  try {
    client = await connectAdmin(conn)
  } catch (e) {
    // No access to the maintenance database (managed servers): fine if the
    // target database itself is reachable.
    const direct = await probe(conn, name)
    if (direct.ok && !direct.missingDatabase) return false
    throw new Error(`cannot connect to ${pgInfo.adminUrl("postgres")}: ${describeError(e)}`)
  }
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name])
    if (rowCount > 0) return false
    try {
      await client.query(`create database ${client.escapeIdentifier(name)}`)
    } catch (e) {
      if (e.code === "42P04" || e.code === "23505") return false // created concurrently
      throw e
    }
    return true
  } finally {
    await client.end().catch(() => {})
  }
}

/** Drop the database `name` if it exists, closing its open connections first. */
async function dropDatabase(pgInfo, name) {
  const client = await connectAdmin(pgInfo)
  try {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)
    } catch (e) {
      if (e.code !== "42601") throw e // syntax error: PostgreSQL < 13 has no FORCE
      await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name])
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)}`)
    }
  } finally {
    await client.end().catch(() => {})
  }
}

/** The server to use: DATABASE_URL, else localhost:5432, else an embedded PostgreSQL (started here). */
async function resolvePostgres({ log = defaultLog } = {}) {
  log = log || defaultLog
  const forceEmbedded = truthy(process.env.LOT_TRACKING_PG_FORCE_EMBEDDED)

  if (forceEmbedded) {
    log("LOT_TRACKING_PG_FORCE_EMBEDDED is set: skipping DATABASE_URL and localhost:5432")
  } else {
    if (process.env.DATABASE_URL) {
      const conn = parseDatabaseUrl(process.env.DATABASE_URL)
      const res = await probe(conn, conn.database || "postgres")
      if (res.ok) {
        log(`using DATABASE_URL server ${conn.host}:${conn.port} (user ${conn.user})`)
        return makeInfo(conn, { source: "DATABASE_URL", database: conn.database })
      }
      log(`DATABASE_URL server ${conn.host}:${conn.port} is not usable (${describeError(res.error)}); trying localhost:5432`)
    }
    const local = { host: "localhost", port: 5432, user: "postgres", password: "" }
    const res = await probe(local)
    if (res.ok) {
      log("using PostgreSQL at localhost:5432 (user postgres)")
      return makeInfo(local, { source: "localhost:5432" })
    }
    log(`no PostgreSQL usable at localhost:5432 (${describeError(res.error)}); falling back to embedded PostgreSQL`)
  }
  // Required here, not at the top: embedded-postgres.js uses this module's helpers.
  return require("./embedded-postgres").startEmbedded(log)
}

module.exports = {
  resolvePostgres,
  ensureDatabase,
  dropDatabase,
  connectAdmin,
  parseDatabaseUrl,
  buildUrl,
  probe,
  portOpen,
  describeError,
  makeInfo,
}
