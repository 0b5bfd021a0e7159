"use strict"
/**
 * Process helpers shared by the scripts (dev, test, bench), the benchmark
 * harness and the integration test runners: run a command and forward
 * signals to its whole process tree, stop a tree or a process group, find a
 * free port, wait for a server's /health, show the end of a log file.
 */

const fs = require("fs")
const net = require("net")
const path = require("path")
const { spawn } = require("child_process")

const REPO_ROOT = path.resolve(__dirname, "..", "..")
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }

const defaultLog = (msg) => console.log(`[process] ${msg}`)

/** "1", "true", "yes" and "on" (any case) are true: how the scripts read flag variables. */
function truthy(v) {
  return v !== undefined && /^(1|true|yes|on)$/i.test(String(v).trim())
}

/** The last `lines` lines of a log file; "(no log)" when it cannot be read. */
function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n")
  } catch {
    return "(no log)"
  }
}

/**
 * Polls `${baseUrl}/health` until it answers 2xx, for at most `timeoutMs`.
 * Never throws: resolves with { ready: true, ms } or { ready: false, ms, exited },
 * `exited` saying how `child` (the server, when given) ended ("exit 1",
 * "SIGKILL") if it stopped first, null if the time ran out. Each caller words
 * its own failure. A request that hangs is abandoned after `requestTimeoutMs`.
 */
async function waitForHealth(baseUrl, { timeoutMs, child = null, intervalMs = 250, requestTimeoutMs = 5000 }) {
  const t0 = Date.now()
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      return { ready: false, ms: Date.now() - t0, exited: child.signalCode || `exit ${child.exitCode}` }
    }
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(requestTimeoutMs) })
      if (res.ok) return { ready: true, ms: Date.now() - t0 }
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > timeoutMs) return { ready: false, ms: Date.now() - t0, exited: null }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** A TCP port nothing listens on right now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** pid and all its descendants (Linux /proc; elsewhere just pid). */
function processTree(pid) {
  const children = new Map()
  let entries = []
  try {
    entries = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))
  } catch {
    return [pid]
  }
  for (const d of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8")
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
      if (!children.has(ppid)) children.set(ppid, [])
      children.get(ppid).push(Number(d))
    } catch {
      /* process went away */
    }
  }
  const out = []
  const queue = [pid]
  while (queue.length) {
    const p = queue.shift()
    out.push(p)
    for (const c of children.get(p) || []) queue.push(c)
  }
  return out
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e.code === "EPERM"
  }
}

/** Send `signal` to pid and every descendant; returns the pids signalled. */
function killTree(pid, signal) {
  const pids = processTree(pid)
  for (const p of pids) {
    try {
      process.kill(p, signal)
    } catch {
      /* already gone */
    }
  }
  return pids
}

async function waitForExit(pids, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!pids.some(isAlive)) return true
    await new Promise((r) => setTimeout(r, 200))
  }
  return !pids.some(isAlive)
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0)
    return true
  } catch (e) {
    return e.code === "EPERM"
  }
}

/**
 * Stops a child spawned with `detached: true` (it leads its own process
 * group: npx -> medusa -> forked server): SIGTERM to the group and to every
 * descendant that left it, SIGKILL after `graceMs`.
 */
async function killGroup(child, graceMs = 10000) {
  if (!child || !child.pid) return
  const pgid = child.pid
  const pids = processTree(pgid)
  const signalAll = (sig) => {
    try {
      process.kill(-pgid, sig)
    } catch {
      /* group gone */
    }
    for (const p of pids) {
      try {
        process.kill(p, sig)
      } catch {
        /* gone */
      }
    }
  }
  signalAll("SIGTERM")
  const deadline = Date.now() + graceMs
  const alive = () => groupAlive(pgid) || pids.some(isAlive)
  while (Date.now() < deadline && alive()) await new Promise((r) => setTimeout(r, 100))
  if (alive()) {
    signalAll("SIGKILL")
    killTree(pgid, "SIGKILL")
  }
}

/**
 * Runs child processes to completion and, unless `forwardSignals` is false,
 * forwards SIGINT/SIGTERM/SIGHUP to their whole process trees (npx -> medusa
 * -> forked server). On a signal `run()` resolves with `interrupted: true`
 * once the tree is gone; the caller then cleans up and exits with
 * `runner.exitCodeFor()`. A caller that handles signals itself passes
 * `forwardSignals: false` and stops what still runs with `killAll()`.
 */
function createRunner({ log = defaultLog, forwardSignals = true } = {}) {
  const running = new Set() // { child, pids }
  let interrupted = null

  function onSignal(sig) {
    if (interrupted) {
      // second signal: stop waiting
      for (const r of running) killTree(r.child.pid, "SIGKILL")
      return
    }
    interrupted = sig
    for (const current of running) {
      const { child } = current
      // A terminal's Ctrl-C already reached the whole foreground process group;
      // give the child a moment before forwarding, so it does not get it twice.
      const delay = sig === "SIGINT" ? 1500 : 0
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) {
          current.pids = killTree(child.pid, sig)
        }
      }, delay)
      setTimeout(() => {
        if (running.has(current)) {
          log(`child still running 20 s after ${sig}: killing it`)
          killTree(child.pid, "SIGKILL")
        }
      }, 20000).unref()
    }
  }
  if (forwardSignals) {
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, onSignal)
  }

  /**
   * capture: also collect stdout+stderr in `output` (echoed unless quiet).
   * logFile: write stdout+stderr to that file instead (no terminal output);
   * `output` is its content.
   * timeoutMs: SIGKILL the command's process tree after that long.
   * @returns {Promise<{code:number, signal:string|null, output:string, interrupted:boolean}>}
   */
  function run(cmd, args, { env = process.env, capture = false, quiet = false, cwd = REPO_ROOT, logFile, timeoutMs } = {}) {
    if (interrupted) return Promise.resolve({ code: 128 + (SIGNAL_NUMBERS[interrupted] || 1), signal: interrupted, output: "", interrupted: true })
    return new Promise((resolve) => {
      let fd = null
      let stdio = "inherit"
      if (logFile) {
        fd = fs.openSync(logFile, "w")
        stdio = ["ignore", fd, fd]
      } else if (capture) {
        stdio = ["inherit", "pipe", "pipe"]
      }
      const child = spawn(cmd, args, { cwd, env, stdio })
      const current = { child, pids: [child.pid] }
      running.add(current)
      const timer = timeoutMs && setTimeout(() => (current.pids = killTree(child.pid, "SIGKILL")), timeoutMs)
      let output = ""
      if (capture && !logFile) {
        child.stdout.on("data", (b) => {
          output += b
          if (!quiet) process.stdout.write(b)
        })
        child.stderr.on("data", (b) => {
          output += b
          if (!quiet) process.stderr.write(b)
        })
      }
      child.on("error", (e) => {
        if (logFile) fs.appendFileSync(logFile, `\n${e.message}\n`)
        output += String(e.message)
        log(`cannot start ${cmd}: ${e.message}`)
      })
      child.on("close", async (code, signal) => {
        if (timer) clearTimeout(timer)
        // grandchildren may outlive their parent (medusa develop's forked server)
        const leftovers = current.pids.filter((p) => p !== child.pid && isAlive(p))
        if (leftovers.length && !(await waitForExit(leftovers, 10000))) {
          for (const p of leftovers) {
            try {
              process.kill(p, "SIGKILL")
            } catch {
              /* gone */
            }
          }
        }
        running.delete(current)
        if (fd !== null) {
          fs.closeSync(fd)
          output = fs.readFileSync(logFile, "utf8")
        }
        const c = code !== null ? code : 128 + (SIGNAL_NUMBERS[signal] || 1)
        resolve({ code: c, signal, output, interrupted: Boolean(interrupted) })
      })
    })
  }

  /** Sends `signal` to the process tree of every command still running. */
  function killAll(signal = "SIGTERM") {
    for (const r of running) r.pids = killTree(r.child.pid, signal)
  }

  return {
    run,
    killAll,
    get interrupted() {
      return interrupted
    },
    exitCodeFor(sig = interrupted) {
      return 128 + (SIGNAL_NUMBERS[sig] || 1)
    },
  }
}

module.exports = {
  REPO_ROOT,
  truthy,
  tail,
  waitForHealth,
  freePort,
  processTree,
  killTree,
  waitForExit,
  killGroup,
  createRunner,
}
