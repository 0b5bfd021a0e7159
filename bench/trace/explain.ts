/**
 * Run by bench/trace.js through `npx medusa exec ./bench/trace/explain.ts`
 * against the benchmark database (never while `medusa develop` runs): the
 * query plans of the plugin's real trace statements (built by
 * src/read-models/shipments.ts) for the hot lot, with EXPLAIN ANALYZE, and
 * in-process timings of the full trace (every shipment, as the CSV export
 * and the recall listing read it); the same for the KPI statements that read
 * the rollups (src/read-models/lot-kpis.ts) over each period given.
 *
 * Input (BENCH_IN): { lot_id, runs?, kpi_periods?: { [name]: { from, to } } }.
 * Output (BENCH_OUT): { plans, seq_scans, full_trace_in_process_ms }.
 */
import fs from "fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { listShipments, shipmentsSql } from "../../src/read-models/shipments"
import { shipmentSummarySql as summarySql } from "../../src/modules/lot_tracking/queries/shipment-figures"
import { lotAccuracySql, shipmentRollupsInstalled, traceabilitySql } from "../../src/read-models/lot-kpis"

type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] }

function seqScans(node: PlanNode, out: string[] = []): string[] {
  if (node["Node Type"] === "Seq Scan") {
    out.push(node["Relation Name"] ?? "?")
  }
  for (const child of node.Plans ?? []) {
    seqScans(child, out)
  }
  return out
}

const summarize = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
  return { n: s.length, p50: at(50), p95: at(95), min: s[0], max: s[s.length - 1] }
}

export default async function benchTraceExplain({ container }: ExecArgs) {
  const input = JSON.parse(fs.readFileSync(process.env.BENCH_IN!, "utf8")) as {
    lot_id: string
    runs?: number
    kpi_periods?: Record<string, { from: string; to: string }>
  }
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const queries: Record<string, { sql: string; bindings: readonly unknown[] }> = {
    trace_page: shipmentsSql([input.lot_id], { limit: 50, offset: 0 }),
    trace_summary: summarySql([input.lot_id]),
    trace_all: shipmentsSql([input.lot_id]),
  }
  // The KPI statements as the route builds them, periods in the plugin's time zone.
  const timeZone = process.env.LOT_TRACKING_TIME_ZONE || "UTC"
  const rollups = await shipmentRollupsInstalled(knex)
  for (const [name, p] of Object.entries(input.kpi_periods ?? {})) {
    const { rows } = await knex.raw(
      `SELECT CAST(? AS date)::timestamp AT TIME ZONE ? AS start, (CAST(? AS date) + 1)::timestamp AT TIME ZONE ? AS "end"`,
      [p.from, timeZone, p.to, timeZone]
    )
    queries[`kpi_traceability_${name}`] = traceabilitySql(
      { start: new Date(rows[0].start).toISOString(), end: new Date(rows[0].end).toISOString() },
      rollups
    )
  }
  if (input.kpi_periods) {
    queries.kpi_lot_accuracy = lotAccuracySql()
  }
  const plans: Record<string, { text: string; seq_scans: string[]; execution_ms: number }> = {}
  for (const [name, q] of Object.entries(queries)) {
    // Warm the cache once, as a second look at the same lot would.
    // JIT off, as the plugin runs these reads.
    const explain = (prefix: string) =>
      knex.transaction(async (trx: any) => {
        await trx.raw("SET LOCAL jit = off")
        return trx.raw(`${prefix}${q.sql}`, q.bindings)
      })
    await explain("")
    const json = await explain("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ")
    const plan = json.rows[0]["QUERY PLAN"][0]
    const text = await explain("EXPLAIN (ANALYZE, BUFFERS) ")
    plans[name] = {
      text: text.rows.map((r: any) => r["QUERY PLAN"]).join("\n"),
      seq_scans: seqScans(plan.Plan),
      execution_ms: plan["Execution Time"],
    }
  }
  const runs = input.runs ?? 20
  const full: number[] = []
  let rows = 0
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    rows = (await listShipments(container, [input.lot_id])).length
    full.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  const out = {
    plans,
    seq_scans: Object.fromEntries(Object.entries(plans).map(([k, v]) => [k, v.seq_scans])),
    full_trace_in_process_ms: { rows, ...summarize(full) },
  }
  fs.writeFileSync(process.env.BENCH_OUT!, JSON.stringify(out))
}
