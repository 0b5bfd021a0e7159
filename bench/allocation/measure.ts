/**
 * Times the `allocate-order-lots` workflow itself, in-process, against real
 * orders (core's createOrderWorkflow + Medusa reservations, made by
 * bench/allocation/seed.ts). Run by `bench/allocation.js` through
 * `npx medusa exec ./bench/allocation/measure.ts` after the HTTP server stopped.
 *
 * For every concurrency level: undo the allocations of the benchmark's orders
 * in SQL (lot_stock.reserved_quantity back, lot_allocation / lot_shortfall /
 * `reserved` lot_movement rows of those orders deleted), warm up with one
 * wave at that concurrency (not reported; undone the same way), then run
 * `allocateOrderLotsWorkflow(container).run({ input: { order_id } })` for the
 * first N orders with at most C runs in flight, timing each run. Per line =
 * run time / tracked lines of the order. Afterwards one instrumented
 * sequential pass splits a run into its parts (queries, lock wait, plan apply).
 *
 * Lock hygiene: Medusa's in-memory locking provider can deadlock when two
 * callers take overlapping multi-key locks in different orders, and then never
 * frees those keys (see bench/README.md). After each level the script counts
 * keys still held with nothing running ("leaked"), then frees them
 * (`locking.releaseAll()`) so the next level starts clean. A level with
 * `sort_lock_keys: true` runs the same workflow with the lock keys sorted (the
 * fix proposed for `planAndApplyUnderLock`, emulated by wrapping
 * `locking.execute` in this process only).
 *
 * Input: JSON file at env BENCH_IN
 *   { order_ids: string[], levels: [{ concurrency, orders, sort_lock_keys? }], warmup: number,
 *     breakdown_orders: number, leave_allocated?: boolean }
 * Output: JSON file at env BENCH_OUT.
 */
import fs from "fs"
import { performance } from "perf_hooks"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { allocateOrderLotsWorkflow } from "../../src/workflows/allocate-order-lots"
import { LOT_TRACKING_MODULE } from "../../src/modules/lot_tracking"
import { pool } from "../lib/stats"

type Level = { concurrency: number; orders: number; sort_lock_keys?: boolean }
type Input = { order_ids: string[]; levels: Level[]; warmup: number; breakdown_orders: number; leave_allocated?: boolean }
type Run = { order_id: string; ms: number; lines: number; reserved_ops: number; shortfall_ops: number; error?: string; skipped?: string }

export default async function benchAllocationMeasure({ container }: ExecArgs) {
  const input: Input = JSON.parse(fs.readFileSync(process.env.BENCH_IN as string, "utf8"))
  const out = process.env.BENCH_OUT as string
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const ids = input.order_ids

  // Tracked lines per order, from Medusa's reservations (what the workflow allocates).
  const { rows: lineRows } = await knex.raw(
    `SELECT oi.order_id, count(*)::int AS lines, sum(r.quantity)::int AS units
       FROM order_item oi
       JOIN reservation_item r ON r.line_item_id = oi.item_id AND r.deleted_at IS NULL
       JOIN lot_tracking_policy p ON p.inventory_item_id = r.inventory_item_id AND p.deleted_at IS NULL AND p.tracked
      WHERE oi.order_id = ANY(?) AND oi.deleted_at IS NULL
      GROUP BY oi.order_id`,
    [ids]
  )
  const linesOf = new Map<string, number>(lineRows.map((r: any) => [r.order_id, r.lines]))

  const reset = async () => {
    await knex.transaction(async (trx: any) => {
      const { rows: fulfilled } = await trx.raw(
        `SELECT count(*)::int AS n FROM lot_allocation WHERE order_id = ANY(?) AND deleted_at IS NULL AND status <> 'reserved'`,
        [ids]
      )
      if (fulfilled[0].n > 0) {
        throw new Error(`${fulfilled[0].n} allocations of the benchmark orders are not 'reserved': cannot reset them`)
      }
      await trx.raw(
        `WITH a AS (
           SELECT lot_id, location_id, sum(quantity) AS q FROM lot_allocation
            WHERE order_id = ANY(?) AND deleted_at IS NULL AND status = 'reserved' GROUP BY lot_id, location_id)
         UPDATE lot_stock s SET reserved_quantity = s.reserved_quantity - a.q
           FROM a WHERE s.lot_id = a.lot_id AND s.location_id = a.location_id AND s.deleted_at IS NULL`,
        [ids]
      )
      await trx.raw(`DELETE FROM lot_allocation WHERE order_id = ANY(?)`, [ids])
      await trx.raw(`DELETE FROM lot_shortfall WHERE order_id = ANY(?)`, [ids])
      await trx.raw(`DELETE FROM lot_movement WHERE type = 'reserved' AND reference_type = 'order' AND reference_id = ANY(?)`, [ids])
    })
  }

  const runOne = async (orderId: string): Promise<Run> => {
    const t = performance.now()
    try {
      const { result, errors } = await allocateOrderLotsWorkflow(container).run({
        input: { order_id: orderId },
        throwOnError: false,
      })
      const ms = performance.now() - t
      if (errors?.length) {
        return { order_id: orderId, ms, lines: linesOf.get(orderId) ?? 0, reserved_ops: 0, shortfall_ops: 0, error: String(errors[0]?.error?.message ?? errors[0]?.error ?? errors[0]) }
      }
      const ops: any[] = (result as any)?.ops ?? []
      const lineIds = new Set(ops.filter((o) => o.kind === "reserve" || o.kind === "shortfall").map((o) => o.line_item_id))
      return {
        order_id: orderId,
        ms,
        lines: lineIds.size || linesOf.get(orderId) || 0,
        reserved_ops: ops.filter((o) => o.kind === "reserve").length || Number((result as any)?.reserved_units ?? 0),
        shortfall_ops: ops.filter((o) => o.kind === "shortfall").length,
        skipped: (result as any)?.skipped,
      }
    } catch (e: any) {
      return { order_id: orderId, ms: performance.now() - t, lines: linesOf.get(orderId) ?? 0, reserved_ops: 0, shortfall_ops: 0, error: String(e?.message ?? e) }
    }
  }

  // Warm-up (JIT, connection pool, workflow registration): not reported.
  await reset()
  const warmupStart = performance.now()
  for (const id of ids.slice(0, input.warmup)) {
    await runOne(id)
  }
  const warmupMs = performance.now() - warmupStart

  const locking = container.resolve(Modules.LOCKING) as any
  const lockKeys: string[] = (
    await knex.raw(
      `SELECT DISTINCT r.inventory_item_id FROM order_item oi
         JOIN reservation_item r ON r.line_item_id = oi.item_id AND r.deleted_at IS NULL
        WHERE oi.order_id = ANY(?) AND oi.deleted_at IS NULL`,
      [ids]
    )
  ).rows.map((r: any) => r.inventory_item_id)
  /** Keys still held while nothing runs: taken by a caller that will never release them. */
  const leakedKeys = async () => {
    let held = 0
    for (const key of lockKeys) {
      try {
        await locking.acquire([key], { ownerId: "bench-probe", expire: 1 })
        await locking.release([key], { ownerId: "bench-probe" })
      } catch {
        held++
      }
    }
    return held
  }

  const levels: any[] = []
  for (const level of input.levels) {
    const chosen = ids.slice(0, Math.min(level.orders, ids.length))
    // Warm-up at this concurrency (not reported): the connection pool grows to it and the
    // first waves pay for that, which is not what a running shop sees.
    await reset()
    await pool(chosen.slice(0, level.concurrency), level.concurrency, runOne)
    await reset()
    const originalExecute = locking.execute
    if (level.sort_lock_keys) {
      locking.execute = function (keys: any, ...rest: any[]) {
        return originalExecute.call(this, Array.isArray(keys) ? [...keys].sort() : keys, ...rest)
      }
    }
    const t = performance.now()
    let runs: Run[]
    try {
      runs = await pool(chosen, level.concurrency, runOne)
    } finally {
      if (level.sort_lock_keys) {
        locking.execute = originalExecute
      }
    }
    const wall = performance.now() - t
    const leaked = await leakedKeys()
    if (leaked) {
      await locking.releaseAll()
    }
    levels.push({ concurrency: level.concurrency, sort_lock_keys: Boolean(level.sort_lock_keys), orders: chosen.length, wall_ms: wall, leaked_lock_keys: leaked, runs })
    logger.info(
      `bench allocation: concurrency ${level.concurrency}${level.sort_lock_keys ? " (sorted lock keys)" : ""}, ${chosen.length} orders in ${wall.toFixed(0)} ms, ` +
        `${runs.filter((r) => r.error).length} errors, ${leaked} leaked lock keys`
    )
  }

  // Instrumented sequential pass: where does one run spend its time?
  const breakdown = await instrumentedPass(container, ids.slice(0, input.breakdown_orders), reset, runOne)

  // Leave the orders allocated (as the subscriber would have) for anyone inspecting the database.
  if (input.leave_allocated) {
    await reset()
    for (const id of ids) {
      await runOne(id)
    }
  }
  fs.writeFileSync(out, JSON.stringify({ warmup: { orders: Math.min(input.warmup, ids.length), ms: warmupMs }, levels, breakdown }))
}

async function instrumentedPass(container: any, ids: string[], reset: () => Promise<void>, runOne: (id: string) => Promise<Run>) {
  const totals = new Map<string, { ms: number; calls: number }>()
  let inLock = 0
  let depth = 0 // only the outermost instrumented call is counted (module methods call each other)
  const add = (name: string, ms: number) => {
    const t = totals.get(name) ?? { ms: 0, calls: 0 }
    t.ms += ms
    t.calls += 1
    totals.set(name, t)
  }
  const restore: (() => void)[] = []
  const wrap = (target: any, method: string, label: string) => {
    if (!target || typeof target[method] !== "function") {
      return false
    }
    const original = target[method]
    const had = Object.prototype.hasOwnProperty.call(target, method)
    target[method] = async function (...args: any[]) {
      const t = performance.now()
      depth++
      try {
        return await original.apply(this, args)
      } finally {
        depth--
        if (depth === 0) {
          add(inLock ? `  in lock: ${label}` : label, performance.now() - t)
        }
      }
    }
    restore.push(() => {
      if (had) {
        target[method] = original
      } else {
        delete target[method]
      }
    })
    return true
  }
  /** Every public method of the lot tracking service (its own and the generated ones). */
  const serviceMethods = (service: any) => {
    const names = new Set<string>()
    for (let proto = Object.getPrototypeOf(service); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const d = Object.getOwnPropertyDescriptor(proto, name)
        if (name !== "constructor" && !name.startsWith("_") && !name.endsWith("_") && d && typeof d.value === "function") {
          names.add(name)
        }
      }
    }
    return [...names]
  }
  try {
    const service = container.resolve(LOT_TRACKING_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const inventory = container.resolve(Modules.INVENTORY)
    const locking = container.resolve(Modules.LOCKING)
    wrap(query, "graph", "query.graph")
    wrap(inventory, "listReservationItems", "inventory.listReservationItems")
    for (const name of serviceMethods(service)) {
      wrap(service, name, `lot.${name}`)
    }
    const originalExecute = locking.execute
    const hadExecute = Object.prototype.hasOwnProperty.call(locking, "execute")
    locking.execute = async function (keys: any, job: () => Promise<any>, ...rest: any[]) {
      const t = performance.now()
      let jobStart = 0
      try {
        return await originalExecute.call(this, keys, async () => {
          jobStart = performance.now()
          add("locking: wait to acquire", jobStart - t)
          inLock++
          try {
            return await job()
          } finally {
            inLock--
            add("locking: held (work below)", performance.now() - jobStart)
          }
        }, ...rest)
      } finally {
        add("locking.execute (total)", performance.now() - t)
      }
    }
    restore.push(() => {
      if (hadExecute) {
        locking.execute = originalExecute
      } else {
        delete locking.execute
      }
    })

    await reset()
    const runs: Run[] = []
    for (const id of ids) {
      runs.push(await runOne(id))
    }
    const total = runs.reduce((s, r) => s + r.ms, 0)
    const n = runs.length || 1
    const parts = [...totals.entries()].map(([name, t]) => ({ name, ms_per_order: t.ms / n, calls_per_order: t.calls / n }))
    const topLevel = parts.filter((p) => !p.name.startsWith("  ") && p.name !== "locking: wait to acquire" && p.name !== "locking: held (work below)")
    const accounted = topLevel.reduce((s, p) => s + p.ms_per_order, 0)
    return {
      orders: runs.length,
      errors: runs.filter((r) => r.error).length,
      ms_per_order: total / n,
      lines_per_order: runs.reduce((s, r) => s + r.lines, 0) / n,
      parts,
      unaccounted_ms_per_order: total / n - accounted,
    }
  } catch (e: any) {
    return { error: String(e?.message ?? e) }
  } finally {
    for (const r of restore.reverse()) {
      r()
    }
  }
}
