/**
 * Where a recall opening spends its time (run by hand on a kept benchmark
 * database: `DATABASE_URL=... npx medusa exec ./bench/trace/profile-recall.ts`).
 * Opens a recall on the lot of the hot item that now holds the most open
 * reservations, with the lot service's methods and the SQL timed.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { openRecallWorkflow } from "../../src/workflows/open-recall"
import { lotService } from "../../src/modules/lot_tracking/resolve"

export default async function profileRecall({ container }: ExecArgs) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows } = await knex.raw(
    `SELECT a.lot_id, count(*)::int AS n FROM lot_allocation a JOIN lot l ON l.id = a.lot_id AND l.status = 'active'
      WHERE a.status = 'reserved' AND a.deleted_at IS NULL AND a.inventory_item_id = 'iitem_00000'
      GROUP BY a.lot_id ORDER BY n DESC LIMIT 1`
  )
  const lotId = rows[0].lot_id
  const service = lotService(container) as any
  const spent = new Map<string, { n: number; ms: number }>()
  const proto = Object.getPrototypeOf(service)
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === "constructor" || typeof service[name] !== "function") continue
    const fn = service[name].bind(service)
    service[name] = async (...args: any[]) => {
      const t0 = performance.now()
      try {
        return await fn(...args)
      } finally {
        const s = spent.get(name) ?? { n: 0, ms: 0 }
        s.n++
        s.ms += performance.now() - t0
        spent.set(name, s)
      }
    }
  }
  let statements = 0
  knex.client.on("query", () => statements++)
  const t0 = performance.now()
  const { result } = await openRecallWorkflow(container).run({
    input: { lot_ids: [lotId], reason: "profile", classification: "I" },
  })
  const total = performance.now() - t0
  console.log(JSON.stringify({ lot: lotId, reservations: rows[0].n, total_ms: Math.round(total), statements_on_pg_connection: statements, result: { recall_time_ms: result.recall_time_ms, reallocation_ms: (result.reallocation as any).duration_ms, affected: (result.affected as any)?.duration_ms } }))
  for (const [name, s] of [...spent.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`${name.padEnd(40)} ${String(s.n).padStart(4)} calls ${s.ms.toFixed(1).padStart(8)} ms`)
  }
}
