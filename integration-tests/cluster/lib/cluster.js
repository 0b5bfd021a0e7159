"use strict"
/**
 * The cluster test's processes: Redis (the machine's, or one started here),
 * one-off `npx medusa` commands, and long-running instances (`npx medusa
 * start` from source, NODE_ENV=development, admin disabled, as the
 * benchmarks run it), each in its own process group with its own log file, so
 * that one can be SIGKILLed whole and everything is stopped at exit.
 */

const fs = require("fs")
const net = require("net")
const path = require("path")
const { spawn } = require("child_process")
const { REPO_ROOT, freePort, killGroup, tail, waitForHealth } = require("../../../scripts/lib/process")

const HEALTH_TIMEOUT_MS = 180000

/** Parses one RESP reply at `pos` of `buf`; null when incomplete, else { value, pos }. */
function parseReply(buf, pos = 0) {
  const eol = buf.indexOf("\r\n", pos)
  if (eol < 0) return null
  const type = buf[pos]
  const line = buf.slice(pos + 1, eol)
  let next = eol + 2
  if (type === "+") return { value: line, pos: next }
  if (type === "-") return { value: new Error(`redis: ${line}`), pos: next }
  if (type === ":") return { value: Number(line), pos: next }
  if (type === "$") {
    const len = Number(line)
    if (len < 0) return { value: null, pos: next }
    if (buf.length < next + len + 2) return null
    return { value: buf.slice(next, next + len), pos: next + len + 2 }
  }
  if (type === "*") {
    const n = Number(line)
    const items = []
    for (let i = 0; i < n; i++) {
      const item = parseReply(buf, next)
      if (!item) return null
      items.push(item.value)
      next = item.pos
    }
    return { value: items, pos: next }
  }
  return { value: new Error(`redis: unexpected reply ${JSON.stringify(buf.slice(pos, eol))}`), pos: next }
}

/**
 * Sends Redis `commands` (each an argument list) on one connection; resolves
 * the reply of the last one, rejects on an error reply. Enough for PING,
 * SELECT, DBSIZE, FLUSHDB and a look at the lock keys.
 */
function redisCommands(host, port, commands, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port })
    const encode = (args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join("")}`
    let buffer = Buffer.alloc(0)
    const done = (err, value) => {
      socket.destroy()
      if (err) reject(err)
      else resolve(value)
    }
    socket.setTimeout(timeoutMs, () => done(new Error(`redis ${host}:${port}: no answer in ${timeoutMs} ms`)))
    socket.once("error", (e) => done(e))
    socket.once("connect", () => socket.write(commands.map(encode).join("")))
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      const text = buffer.toString("latin1")
      const replies = []
      let pos = 0
      while (replies.length < commands.length) {
        const reply = parseReply(text, pos)
        if (!reply) return
        replies.push(reply.value)
        pos = reply.pos
      }
      const error = replies.find((r) => r instanceof Error)
      done(error || null, replies[replies.length - 1])
    })
  })
}

/**
 * The Redis the instances share: `CLUSTER_REDIS_URL` (default the machine's
 * redis://127.0.0.1:6379), database index `CLUSTER_REDIS_DB` (default 13) so
 * that the test's queues and locks never meet another test's (the
 * order-race-redis spec uses index 0); emptied before and after the run.
 * When nothing answers at the default address, a redis-server of our own is
 * started on a free port (stopped at exit); a Redis named by
 * CLUSTER_REDIS_URL must be running.
 */
async function resolveRedis({ log, tmpDir, track, defaultUrl = "redis://127.0.0.1:6379" }) {
  const given = process.env.CLUSTER_REDIS_URL
  const base = new URL(given || defaultUrl)
  const db = Number(process.env.CLUSTER_REDIS_DB || 13)
  let host = base.hostname
  let port = Number(base.port) || 6379
  let child = null
  try {
    await redisCommands(host, port, [["PING"]])
  } catch (e) {
    if (given) throw new Error(`CLUSTER_REDIS_URL ${given} does not answer: ${e.message}`)
    port = await freePort()
    host = "127.0.0.1"
    const logFile = path.join(tmpDir, "redis.log")
    log(`no Redis at ${base.host} (${e.message}): starting redis-server on port ${port}`)
    child = spawnLogged("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { env: process.env, logFile })
    track(child)
    const deadline = Date.now() + 10000
    for (;;) {
      try {
        await redisCommands(host, port, [["PING"]])
        break
      } catch (err) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start (${err.message}); log ${logFile}:\n${tail(logFile)}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  }
  const url = `redis://${host}:${port}/${db}`
  const flush = async () => {
    const keys = await redisCommands(host, port, [["SELECT", db], ["DBSIZE"]])
    await redisCommands(host, port, [["SELECT", db], ["FLUSHDB"]])
    return keys
  }
  /** Medusa's locks held right now (locking-redis keys) with their seconds to live. */
  const locks = async () => {
    const script = "local out = {} for _, k in ipairs(redis.call('KEYS', 'medusa_lock:*')) do table.insert(out, k .. '=' .. redis.call('TTL', k)) end return out"
    const list = await redisCommands(host, port, [["SELECT", db], ["EVAL", script, 0]])
    return list.map((entry) => {
      const i = entry.lastIndexOf("=")
      return { key: entry.slice("medusa_lock:".length, i), ttl: Number(entry.slice(i + 1)) }
    })
  }
  /** Events a worker is handling right now (BullMQ's active list of the Redis event bus's queue). */
  const activeEvents = () => redisCommands(host, port, [["SELECT", db], ["LLEN", "RedisEventBusService:events-queue:active"]])
  return { url, host, port, db, started: Boolean(child), flush, locks, activeEvents }
}

function spawnLogged(cmd, args, { env, logFile }) {
  const fd = fs.openSync(logFile, "a")
  const child = spawn(cmd, args, { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", fd, fd] })
  fs.closeSync(fd)
  return child
}

/** `npx medusa ...args` to its end; rejects with the log's tail on failure. */
function medusa(args, { env, logFile, timeoutMs = 300000, track }) {
  return new Promise((resolve, reject) => {
    const child = spawnLogged("npx", ["medusa", ...args], { env, logFile })
    track(child)
    const timer = setTimeout(() => killGroup(child, 2000), timeoutMs)
    child.once("error", reject)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`npx medusa ${args.join(" ")} failed (${signal || `exit ${code}`}); log ${logFile}:\n${tail(logFile)}`))
    })
  })
}

/**
 * Starts `npx medusa start` as `name` with MEDUSA_WORKER_MODE=`mode` on a
 * free port and resolves once /health answers: { name, mode, url, port,
 * child, logFile, readyMs }. A worker answers /health too (no routes).
 */
async function startInstance({ name, mode, env, tmpDir, track, log }) {
  const port = await freePort()
  const logFile = path.join(tmpDir, `${name}.log`)
  const t0 = Date.now()
  const child = spawnLogged("npx", ["medusa", "start"], {
    env: { ...env, MEDUSA_WORKER_MODE: mode, NODE_ENV: "development", PORT: String(port), MEDUSA_ADMIN_DISABLE: "true" },
    logFile,
  })
  track(child)
  const url = `http://localhost:${port}`
  const instance = { name, mode, url, port, child, logFile, startedAt: t0 }
  const health = await waitForHealth(url, { timeoutMs: HEALTH_TIMEOUT_MS, child, requestTimeoutMs: 2000 })
  if (!health.ready) {
    throw new Error(
      `${name} (${mode}) ${health.exited ? `stopped before it was ready (${health.exited})` : `not healthy after ${HEALTH_TIMEOUT_MS / 1000} s`}; log ${logFile}:\n${tail(logFile)}`
    )
  }
  instance.readyMs = Date.now() - t0
  log(`${name}: medusa start (workerMode ${mode}) ready on ${url} in ${(instance.readyMs / 1000).toFixed(1)} s`)
  return instance
}

/** SIGKILL to the instance's whole process group (npx -> medusa), no grace: a crash. Resolves once it is gone. */
async function crash(instance) {
  try {
    process.kill(-instance.child.pid, "SIGKILL")
  } catch {
    /* already gone */
  }
  if (instance.child.exitCode === null && instance.child.signalCode === null) {
    await new Promise((resolve) => instance.child.once("exit", resolve))
  }
}

/** What an instance's log says about event handling and lock waits (ANSI colours removed). */
function readLog(logFile) {
  let text = ""
  try {
    text = fs.readFileSync(logFile, "utf8")
  } catch {
    /* no log */
  }
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\x1b\[[0-9;]*m/g, "").split("\n")
  return {
    processedOrderPlaced: lines.filter((l) => /Processing order\.placed\b/.test(l)).length,
    processedEvents: lines.filter((l) => /Processing [a-z_.-]+ which has/.test(l)).length,
    subscriberErrors: lines.filter((l) => /An error occurred while processing/.test(l)).length,
    lockTimeouts: lines.filter((l) => /Timed-out acquiring lock|busy with other stock operations/.test(l)).length,
    errorLines: lines.filter((l) => /^\s*error\b/i.test(l)).slice(0, 5).map((l) => l.trim().slice(0, 300)),
  }
}

module.exports = { resolveRedis, medusa, startInstance, crash, readLog, killGroup, tail }
