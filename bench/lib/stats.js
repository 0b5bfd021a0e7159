"use strict"
/** Small statistics and formatting helpers shared by the benchmarks. */

/** Percentile by linear interpolation between closest ranks (p in 0..100). */
function percentile(values, p) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (!xs.length) return null
  if (xs.length === 1) return xs[0]
  const rank = (p / 100) * (xs.length - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo)
}

function mean(values) {
  const xs = values.filter((v) => Number.isFinite(v))
  return xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null
}

/** { n, mean, p50, p95, p99, min, max } rounded to 0.01. */
function summarize(values) {
  const xs = values.filter((v) => Number.isFinite(v))
  const r = (v) => (v === null || v === undefined ? null : Math.round(v * 100) / 100)
  return {
    n: xs.length,
    mean: r(mean(xs)),
    p50: r(percentile(xs, 50)),
    p95: r(percentile(xs, 95)),
    p99: r(percentile(xs, 99)),
    min: r(xs.length ? Math.min(...xs) : null),
    max: r(xs.length ? Math.max(...xs) : null),
  }
}

/**
 * Runs `fn(item, index)` over `items` with at most `concurrency` in flight; results in input order.
 * Also imported by the `medusa exec` scripts of bench/allocation/.
 */
async function pool(items, concurrency, fn) {
  const results = new Array(items.length)
  let next = 0
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= items.length) return
      results[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker))
  return results
}

/** Plain-text table: rows are arrays of cells (first row = header). */
function table(rows) {
  const widths = []
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] || 0, String(c).length)))
  const line = (row) => row.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")
  const out = [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)]
  return out.join("\n")
}

const fmt = (v, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(digits))

module.exports = { percentile, mean, summarize, pool, table, fmt }
