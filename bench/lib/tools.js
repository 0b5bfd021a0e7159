"use strict"
/** Small pieces every benchmark uses: a deterministic PRNG, a pg client, a timer. */

/** mulberry32: small deterministic PRNG, so every run makes the same choices. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A pg client on the benchmark database. */
async function connect(databaseUrl) {
  const { Client } = require("pg")
  const client = new Client({ connectionString: databaseUrl })
  client.on("error", () => {})
  await client.connect()
  return client
}

/** `{ ms, value }` of one awaited call. */
async function timed(fn) {
  const t0 = process.hrtime.bigint()
  const value = await fn()
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value }
}

module.exports = { prng, connect, timed }
