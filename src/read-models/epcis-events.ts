import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import {
  EPCIS_LEDGER_TYPES,
  ledgerEvent,
  normalizeGln,
  serialRecallEvent,
  shipmentEvent,
  type EpcisLedgerRow,
  type EpcisLot,
  type EpcisObjectEvent,
  type EpcisOptions,
  type EpcisShipmentRow,
} from "../lib/epcis"
import { variantGtin } from "../lib/gtin"
import type { RecallScope } from "../lib/recall"
import { pgConnection, placeholders, type Resolver } from "./pg"

/**
 * The rows behind an EPCIS export (src/lib/epcis.ts maps them to events):
 * the lots' ledger lines and their shipments, each read in pages on an
 * index (`lot_movement (lot_id, created_at)`, `lot_allocation (lot_id,
 * status)`) and merged by time, so a lot shipped to 10,000 orders is
 * streamed page by page, never held as one list.
 */

/** Rows per page: one round trip per page, a few hundred KB of JSON at most. */
const PAGE_SIZE = 500

/** Which events of the lots: a recall's document, or a calendar window (inclusive, the plugin's time zone). */
export type EpcisSelection = {
  lot_ids: string[]
  /** A recall's document: its own recall events only; shipments within its scope (a recall by serial: those that carried its units). */
  recall?: {
    id: string
    scope?: RecallScope | null
    by_serial?: boolean
    opened_at?: Date | string
  }
  from?: string
  to?: string
}

/**
 * The lots with the GTIN of their item: from the variant that stocks the
 * item alone and one unit at a time (a kit's or bundle's barcode is not its
 * part's GTIN), the first valid one of barcode, EAN, UPC.
 */
export async function epcisLots(container: Resolver, lotIds: readonly string[]): Promise<Map<string, EpcisLot>> {
  if (!lotIds.length) {
    return new Map()
  }
  const { rows } = await pgConnection(container).raw(
    `SELECT l.id, l.lot_number, l.inventory_item_id, l.expires_at, l.best_before, v.codes
       FROM lot l
       LEFT JOIN LATERAL (
         SELECT json_agg(json_build_object('barcode', pv.barcode, 'ean', pv.ean, 'upc', pv.upc) ORDER BY pv.created_at, pv.id) AS codes
           FROM product_variant_inventory_item link
           JOIN product_variant pv ON pv.id = link.variant_id AND pv.deleted_at IS NULL
          WHERE link.inventory_item_id = l.inventory_item_id AND link.deleted_at IS NULL AND link.required_quantity = 1
            AND NOT EXISTS (SELECT 1 FROM product_variant_inventory_item o
                             WHERE o.variant_id = link.variant_id AND o.inventory_item_id <> link.inventory_item_id AND o.deleted_at IS NULL)) v ON true
      WHERE l.id IN (${placeholders(lotIds)})`,
    [...lotIds]
  )
  return new Map(
    rows.map((r: any): [string, EpcisLot] => {
      let gtin: string | null = null
      for (const codes of r.codes ?? []) {
        const found = variantGtin(codes)
        if (found.gtin) {
          gtin = found.gtin
          break
        }
      }
      return [
        r.id,
        {
          id: r.id,
          lot_number: r.lot_number,
          inventory_item_id: r.inventory_item_id,
          gtin,
          expires_at: r.expires_at ?? null,
          best_before: r.best_before ?? null,
        },
      ]
    })
  )
}

/** GLNs merchants put on stock locations (`metadata.gln`, 13 digits, valid check digit): a handful of rows. */
export async function locationGlns(container: Resolver): Promise<Map<string, string>> {
  const { rows } = await pgConnection(container).raw(
    `SELECT id, metadata->>'gln' AS gln FROM stock_location WHERE deleted_at IS NULL AND metadata->>'gln' IS NOT NULL`
  )
  const glns = new Map<string, string>()
  for (const r of rows) {
    const gln = normalizeGln(r.gln)
    if (gln) {
      glns.set(r.id, gln)
    }
  }
  return glns
}

/** SQL (and bindings) for "this instant falls in the calendar window" in a time zone, on an indexable column. */
function windowSql(column: string, from: string | undefined, to: string | undefined, timeZone: string) {
  const sql: string[] = []
  const bindings: string[] = []
  if (from) {
    sql.push(`${column} >= (?::date::timestamp AT TIME ZONE ?)`)
    bindings.push(from, timeZone)
  }
  if (to) {
    sql.push(`${column} < ((?::date + 1)::timestamp AT TIME ZONE ?)`)
    bindings.push(to, timeZone)
  }
  return { sql: sql.map((s) => ` AND ${s}`).join(""), bindings }
}

/** Keyset cursor: the row's time as PostgreSQL prints it (microseconds kept, unlike a JS Date) and its id. */
type Cursor = { at: string; id: string } | null

async function* ledgerRows(knex: Knex, selection: EpcisSelection, timeZone: string): AsyncGenerator<EpcisLedgerRow> {
  const window = windowSql("m.created_at", selection.from, selection.to, timeZone)
  // A recall's document shows its own recall event; a lot's shows the recalls that were not canceled (opened by mistake).
  const recalled = selection.recall
    ? `m.reference_id = ?`
    : `NOT EXISTS (SELECT 1 FROM recall r WHERE r.id = m.reference_id AND r.status = 'canceled')`
  const recalledBindings = selection.recall ? [selection.recall.id] : []
  let cursor: Cursor = null
  for (;;) {
    const { rows } = await knex.raw(
      `SELECT m.id, m.lot_id, m.type, m.quantity, m.location_id, m.reason, m.reference_type, m.reference_id,
              m.created_at, m.created_at::text AS cursor_at, m.metadata, o.customer_id
         FROM lot_movement m
         LEFT JOIN LATERAL (
           SELECT x.customer_id FROM "order" x
            WHERE m.type IN ('returned', 'return_damaged', 'return_awaiting_lot') AND x.id = m.metadata->>'order_id' LIMIT 1) o ON true
        WHERE m.lot_id IN (${placeholders(selection.lot_ids)}) AND m.deleted_at IS NULL
          AND m.type IN (${placeholders(EPCIS_LEDGER_TYPES)})
          AND (m.type <> 'recalled' OR ${recalled})${window.sql}
          ${cursor ? "AND (m.created_at, m.id) > (?::timestamptz, ?)" : ""}
        ORDER BY m.created_at ASC, m.id ASC
        LIMIT ${PAGE_SIZE}`,
      [
        ...selection.lot_ids,
        ...EPCIS_LEDGER_TYPES,
        ...recalledBindings,
        ...window.bindings,
        ...(cursor ? [cursor.at, cursor.id] : []),
      ]
    )
    for (const r of rows) {
      yield { ...r, quantity: Number(r.quantity) }
    }
    if (rows.length < PAGE_SIZE) {
      return
    }
    const last = rows[rows.length - 1]
    cursor = { at: last.cursor_at, id: last.id }
  }
}

async function* shipmentRows(knex: Knex, selection: EpcisSelection, timeZone: string): AsyncGenerator<EpcisShipmentRow> {
  const scope = selection.recall?.scope ?? null
  const filters: string[] = []
  const bindings: (string | number)[] = []
  if (scope?.location_ids?.length) {
    filters.push(`a.location_id IN (${placeholders(scope.location_ids)})`)
    bindings.push(...scope.location_ids)
  }
  if (selection.recall?.by_serial) {
    // A recall by serial: the shipments that carried one of its units.
    filters.push(`EXISTS (SELECT 1 FROM recall_serial rs JOIN lot_serial s ON s.id = rs.serial_id
                          WHERE rs.recall_id = ? AND rs.deleted_at IS NULL AND s.allocation_id = a.id)`)
    bindings.push(selection.recall.id)
  }
  // The ship date (marked shipped, else fulfilled: `shipInstant` in src/lib/recall.ts), as the CSV export and the
  // recall's scope read it.
  const scoped = windowSql("coalesce(f.shipped_at, a.fulfilled_at)", scope?.shipped_from, scope?.shipped_to, timeZone)
  const window = windowSql("coalesce(f.shipped_at, a.fulfilled_at)", selection.from, selection.to, timeZone)
  // The page is cut on the allocation index before anything else is joined; only a ship-date filter needs the
  // fulfilment inside. Order and fulfilment are primary-key probes per row of the page.
  const byShipDate = !!(scoped.sql || window.sql)
  const shippedAt = `LEFT JOIN LATERAL (SELECT x.shipped_at FROM fulfillment x WHERE x.id = a.fulfillment_id LIMIT 1) f ON true`
  let cursor: Cursor = null
  for (;;) {
    const { rows } = await knex.raw(
      `SELECT a.id AS allocation_id, a.lot_id, a.location_id, a.order_id, a.fulfillment_id, a.quantity,
              a.fulfilled_at, a.sort_at::text AS cursor_at, o.customer_id, ${byShipDate ? "a.shipped_at" : "f.shipped_at"}
         FROM (
           SELECT a.*, ${byShipDate ? "f.shipped_at," : ""} coalesce(a.fulfilled_at, a.created_at) AS sort_at
             FROM lot_allocation a ${byShipDate ? shippedAt : ""}
            WHERE a.lot_id IN (${placeholders(selection.lot_ids)}) AND a.status = 'fulfilled' AND a.deleted_at IS NULL
              ${filters.map((f) => `AND ${f}`).join(" ")}${scoped.sql}${window.sql}
              ${cursor ? "AND (coalesce(a.fulfilled_at, a.created_at), a.id) > (?::timestamptz, ?)" : ""}
            ORDER BY sort_at ASC, a.id ASC
            LIMIT ${PAGE_SIZE}) a
         LEFT JOIN LATERAL (SELECT x.customer_id FROM "order" x WHERE x.id = a.order_id LIMIT 1) o ON true
         ${byShipDate ? "" : shippedAt}
        ORDER BY a.sort_at ASC, a.id ASC`,
      [...selection.lot_ids, ...bindings, ...scoped.bindings, ...window.bindings, ...(cursor ? [cursor.at, cursor.id] : [])]
    )
    for (const r of rows) {
      yield { ...r, quantity: Number(r.quantity) }
    }
    if (rows.length < PAGE_SIZE) {
      return
    }
    const last = rows[rows.length - 1]
    cursor = { at: last.cursor_at, id: last.allocation_id }
  }
}

/** Two time-ordered streams as one, oldest first. */
async function* mergeByTime<T>(a: AsyncGenerator<T>, b: AsyncGenerator<T>, time: (x: T) => number): AsyncGenerator<T> {
  let x = await a.next()
  let y = await b.next()
  while (!x.done || !y.done) {
    if (y.done || (!x.done && time(x.value) <= time(y.value))) {
      yield x.value as T
      x = await a.next()
    } else {
      yield y.value as T
      y = await b.next()
    }
  }
}

/** A recall by serial: its units per lot (a recall names at most a request's worth of serials). */
async function* serialRecallRows(knex: Knex, selection: EpcisSelection): AsyncGenerator<SerialRecallRow> {
  const recall = selection.recall
  if (!recall?.by_serial || !recall.opened_at) {
    return
  }
  const { rows } = await knex.raw(
    `SELECT lot_id, array_agg(serial_number ORDER BY serial_number) AS serial_numbers
       FROM recall_serial WHERE recall_id = ? AND deleted_at IS NULL GROUP BY lot_id ORDER BY lot_id`,
    [recall.id]
  )
  for (const r of rows) {
    yield { recall_id: recall.id, opened_at: recall.opened_at, lot_id: r.lot_id, serial_numbers: r.serial_numbers ?? [] }
  }
}

type SerialRecallRow = { recall_id: string; opened_at: Date | string; lot_id: string; serial_numbers: string[] }

type Row =
  | { kind: "movement"; row: EpcisLedgerRow }
  | { kind: "shipment"; row: EpcisShipmentRow }
  | { kind: "serial_recall"; row: SerialRecallRow }

const rowTime = (r: Row): number =>
  new Date(
    r.kind === "movement" ? r.row.created_at : r.kind === "shipment" ? ((r.row.fulfilled_at ?? 0) as Date | string) : r.row.opened_at
  ).getTime()

/**
 * The events of the selection, oldest first (ledger lines by when they were
 * written, shipments by when they were fulfilled), one page of rows in
 * memory at a time. The lots must exist (the routes check them).
 */
export async function* epcisEvents(container: Resolver, selection: EpcisSelection, options: EpcisOptions): AsyncGenerator<EpcisObjectEvent> {
  if (!selection.lot_ids.length) {
    return
  }
  const [lots, glns] = await Promise.all([epcisLots(container, selection.lot_ids), locationGlns(container)])
  const knex = pgConnection(container)
  const movements = (async function* () {
    for await (const row of ledgerRows(knex, selection, options.time_zone)) {
      yield { kind: "movement", row } as Row
    }
  })()
  const shipments = (async function* () {
    for await (const row of shipmentRows(knex, selection, options.time_zone)) {
      yield { kind: "shipment", row } as Row
    }
  })()
  const serialRecalls = (async function* () {
    for await (const row of serialRecallRows(knex, selection)) {
      yield { kind: "serial_recall", row } as Row
    }
  })()
  for await (const r of mergeByTime(mergeByTime(movements, shipments, rowTime), serialRecalls, rowTime)) {
    const lot = lots.get(r.row.lot_id)
    if (!lot) {
      continue
    }
    const event =
      r.kind === "movement"
        ? ledgerEvent(r.row, lot, options, glns)
        : r.kind === "shipment"
          ? shipmentEvent(r.row, lot, options, glns)
          : serialRecallEvent(r.row, lot, options)
    if (event) {
      yield event
    }
  }
}
