/**
 * Reconcile: what differs between the plugin's books and Medusa's, per
 * tracked item and location and per order line, and which differences the
 * plugin may put right by itself. Pure: the figures are read elsewhere (one
 * statement for the pairs, one for the lines, `src/read-models/drift-report.ts`),
 * so the classification is tested without a database.
 *
 * A difference is repairable only when the repair follows from facts both
 * sides agree on; nothing here invents stock or decides which lot units
 * belong to:
 *  - `failed_sync`: a subscriber run that threw; its workflow is idempotent, run it again;
 *  - `orphaned_allocation`: lot units (or a shortfall) reserved for an order
 *    line Medusa reserves nothing for there any more (line removed by an
 *    edit, order deleted, reservation deleted by hand): release them;
 *  - `line_mismatch`: Medusa reserves a different quantity for the line than
 *    its lot allocations + shortfall: follow Medusa's reservation (allocate by
 *    strategy or release the excess, shortfall first, latest-expiring last);
 *  - `covered_shortfall`: a line waits for stock that eligible free lot units
 *    now cover: allocate them (the settle every stock path runs);
 *  - `hold_mismatch`: the hold reservation differs from the free units of
 *    blocked lots: sync it;
 * and reported only:
 *  - `stock_mismatch`: lot stock differs from Medusa's stocked quantity (which
 *    lot the extra units are in, or which lot lost units, is not known);
 *  - `reserved_mismatch`: Medusa reserves units that are neither an order
 *    line's reservation nor the hold (a manual reservation, or the level's
 *    reserved quantity changed directly).
 */

export const DRIFT_KINDS = [
  "failed_sync",
  "orphaned_allocation",
  "line_mismatch",
  "covered_shortfall",
  "hold_mismatch",
  "stock_mismatch",
  "reserved_mismatch",
] as const
export type DriftKind = (typeof DRIFT_KINDS)[number]

/** The kinds `POST /admin/lot-tracking/reconcile` can repair, in the order it repairs them. */
export const REPAIRABLE_KINDS = ["failed_sync", "orphaned_allocation", "line_mismatch", "covered_shortfall", "hold_mismatch"] as const
export type RepairableKind = (typeof REPAIRABLE_KINDS)[number]

export type RepairAction = "rerun" | "release" | "follow_reservation" | "allocate" | "sync_hold"

/** Both sides' figures for one (item, location). */
export type PairBooks = {
  inventory_item_id: string
  location_id: string
  /** Tracked now; an item no longer tracked is only checked for a left-over hold. */
  tracked: boolean
  level_stocked: number
  lot_stocked: number
  level_reserved: number
  /** Reserved lot allocations. */
  allocated: number
  shortfall: number
  /** The hold reservation(s) as they are, and how many rows make it up (one expected). */
  hold: number
  hold_rows: number
  /** Medusa's reservations of order lines. */
  order_reserved: number
  /** Medusa's reservations with no line item, other than the hold (the admin's manual reservations). */
  other_reserved: number
}

/** One order line's units of one item at one location where the two sides differ. */
export type LineBooks = {
  order_id: string | null
  line_item_id: string
  inventory_item_id: string
  location_id: string
  /** Reserved lot allocations and shortfall of the line here. */
  allocated: number
  shortfall: number
  /** Medusa's reservations of the line and item here. */
  medusa_reserved: number
  /** `live`, `canceled`, `deleted`, `missing` (no order found) or Medusa's status of the order. */
  order_status: string | null
  /** Changed within the grace period: a Medusa workflow or a subscriber may still be at work on it. */
  recent: boolean
}

export type OpenFailure = {
  id: string
  event: string
  key: string
  workflow_id: string
  message: string
  attempts: number
  failed_at: string
  /** Its workflow is registered in this app, so it can be run again. */
  rerunnable: boolean
}

export type Drift = {
  /** Stable for the same difference: kind and what it is about. */
  id: string
  kind: DriftKind
  /** POST would repair it now. */
  repairable: boolean
  /** What the repair does (null when only reported). */
  repair: RepairAction | null
  inventory_item_id: string | null
  location_id: string | null
  order_id: string | null
  line_item_id: string | null
  failure_id: string | null
  figures: Record<string, number>
  message: string
}

export type DriftInput = {
  pairs: PairBooks[]
  lines: LineBooks[]
  /** The hold each pair should have (free units of blocked lots), keyed `item:location`; missing = 0. */
  expected_holds: Map<string, number>
  /** Shortfall units eligible free lot units cover now, keyed `item:location`; missing = 0. */
  coverable: Map<string, number>
  failures: OpenFailure[]
  grace_seconds: number
}

export const pairKey = (p: { inventory_item_id: string; location_id: string }) => `${p.inventory_item_id}:${p.location_id}`

const units = (n: number) => `${n} ${Math.abs(n) === 1 ? "unit" : "units"}`

function drift(d: Omit<Drift, "inventory_item_id" | "location_id" | "order_id" | "line_item_id" | "failure_id"> & Partial<Drift>): Drift {
  return {
    inventory_item_id: null,
    location_id: null,
    order_id: null,
    line_item_id: null,
    failure_id: null,
    ...d,
  }
}

function lineDrift(line: LineBooks, graceSeconds: number): Drift {
  const plugin = line.allocated + line.shortfall
  const where = { inventory_item_id: line.inventory_item_id, location_id: line.location_id, order_id: line.order_id, line_item_id: line.line_item_id }
  const held = line.shortfall ? `${units(line.allocated)} of lots and a shortfall of ${line.shortfall}` : `${units(line.allocated)} of lots`
  let blocker: string | null = null
  if (!line.order_id) {
    blocker = "no order was found for this line, so its lots cannot be chosen"
  } else if (line.recent) {
    blocker = `changed less than ${graceSeconds} s ago (a Medusa workflow or subscriber may still be at work); repaired by a later run`
  }
  if (line.medusa_reserved === 0) {
    const why =
      line.order_status === "deleted" || line.order_status === "missing"
        ? "the order no longer exists"
        : line.order_status === "canceled"
          ? "the order is canceled"
          : "Medusa has no reservation for it here any more (line removed or changed by an order edit, or the reservation deleted)"
    return drift({
      ...where,
      id: `orphaned_allocation:${line.line_item_id}:${line.inventory_item_id}:${line.location_id}`,
      kind: "orphaned_allocation",
      repairable: !blocker,
      repair: "release",
      figures: { allocated: line.allocated, shortfall: line.shortfall, medusa_reserved: 0 },
      message: `The plugin reserves ${held} for this line, but ${why}: release them.${blocker ? ` Not yet: ${blocker}.` : ""}`,
    })
  }
  const difference = line.medusa_reserved - plugin
  return drift({
    ...where,
    id: `line_mismatch:${line.line_item_id}:${line.inventory_item_id}:${line.location_id}`,
    kind: "line_mismatch",
    repairable: !blocker,
    repair: "follow_reservation",
    figures: { medusa_reserved: line.medusa_reserved, allocated: line.allocated, shortfall: line.shortfall, difference },
    message:
      `Medusa reserves ${units(line.medusa_reserved)} for this line, the plugin ${held}: ` +
      (difference > 0 ? `allocate ${units(difference)} by the item's strategy.` : `release ${units(-difference)}.`) +
      (blocker ? ` Not yet: ${blocker}.` : ""),
  })
}

/** Every difference, repairable ones first within each kind's order (`DRIFT_KINDS`). */
export function classifyDrift(input: DriftInput): Drift[] {
  const out: Drift[] = []

  for (const f of input.failures) {
    out.push(
      drift({
        id: `failed_sync:${f.id}`,
        kind: "failed_sync",
        repairable: f.rerunnable,
        repair: "rerun",
        failure_id: f.id,
        order_id: null,
        figures: { attempts: f.attempts },
        message:
          `${f.event} for ${f.key} failed (${f.attempts === 1 ? "once" : `${f.attempts} times`}, last ${f.failed_at}): ${f.message}` +
          (f.rerunnable ? "" : ` The workflow ${f.workflow_id} is not registered in this app, so it cannot be run again here.`),
      })
    )
  }

  // Shortfalls of lines that do not match Medusa must not be filled before the line is put right.
  const shortLinePairs = new Set<string>()
  for (const line of input.lines) {
    if (line.allocated + line.shortfall === line.medusa_reserved) {
      continue
    }
    const d = lineDrift(line, input.grace_seconds)
    if (line.shortfall > 0) {
      shortLinePairs.add(pairKey(line))
    }
    out.push(d)
  }

  for (const p of input.pairs) {
    const key = pairKey(p)
    const where = { inventory_item_id: p.inventory_item_id, location_id: p.location_id }
    if (p.tracked && p.level_stocked !== p.lot_stocked) {
      const unassigned = p.level_stocked - p.lot_stocked
      out.push(
        drift({
          ...where,
          id: `stock_mismatch:${key}`,
          kind: "stock_mismatch",
          repairable: false,
          repair: null,
          figures: { level_stocked: p.level_stocked, lot_stocked: p.lot_stocked, unassigned },
          message:
            unassigned > 0
              ? `Medusa stocks ${units(p.level_stocked)}, lots hold ${p.lot_stocked}: ${units(unassigned)} belong to no lot. Put them into their lots with an opening balance (Assign to lots on the inventory item; nothing moves Medusa's level), or correct the level; which lot they are in is not known, so this is not repaired automatically.`
              : `Lots hold ${units(p.lot_stocked)}, Medusa stocks ${p.level_stocked}: the lots hold ${units(-unassigned)} more. Count the lots, or correct the level; which lot lost them is not known, so this is not repaired automatically.`,
        })
      )
    }
    if (p.tracked) {
      const unexplained = p.level_reserved - p.order_reserved - p.hold
      if (unexplained !== 0) {
        out.push(
          drift({
            ...where,
            id: `reserved_mismatch:${key}`,
            kind: "reserved_mismatch",
            repairable: false,
            repair: null,
            figures: {
              level_reserved: p.level_reserved,
              order_reserved: p.order_reserved,
              hold: p.hold,
              other_reserved: p.other_reserved,
              unexplained,
            },
            message:
              `Medusa reserves ${units(p.level_reserved)}; order lines (${p.order_reserved}) and the lot hold (${p.hold}) explain ${p.order_reserved + p.hold}. ` +
              (p.other_reserved
                ? `${units(p.other_reserved)} are reserved without an order line (a manual reservation): no lot is chosen for them.`
                : `The level's reserved quantity differs from its reservations.`) +
              " Not repaired automatically.",
          })
        )
      }
    }
    const expected = input.expected_holds.get(key) ?? 0
    if (p.hold !== expected || p.hold_rows > 1) {
      out.push(
        drift({
          ...where,
          id: `hold_mismatch:${key}`,
          kind: "hold_mismatch",
          repairable: true,
          repair: "sync_hold",
          figures: { hold: p.hold, expected_hold: expected, hold_rows: p.hold_rows },
          message:
            `The hold reserves ${units(p.hold)}${p.hold_rows > 1 ? ` in ${p.hold_rows} reservations` : ""}, ` +
            `blocked lots have ${units(expected)} free here: set the hold to ${expected}.`,
        })
      )
    }
    const coverable = input.coverable.get(key) ?? 0
    if (p.tracked && p.shortfall > 0 && coverable > 0) {
      const blocked = shortLinePairs.has(key)
      out.push(
        drift({
          ...where,
          id: `covered_shortfall:${key}`,
          kind: "covered_shortfall",
          repairable: !blocked,
          repair: "allocate",
          figures: { shortfall: p.shortfall, coverable },
          message:
            `Order lines wait for ${units(p.shortfall)} here while eligible lots have ${units(coverable)} of them free: allocate them, oldest order first.` +
            (blocked ? " Not yet: a waiting line here does not match Medusa's reservation; it is put right first." : ""),
        })
      )
    }
  }

  const order = new Map(DRIFT_KINDS.map((k, i) => [k, i]))
  return out.sort(
    (a, b) =>
      order.get(a.kind)! - order.get(b.kind)! ||
      Number(b.repairable) - Number(a.repairable) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

export type DriftSummary = {
  total: number
  repairable: number
  by_kind: Record<DriftKind, { count: number; repairable: number }>
}

export function summarizeDrift(list: Drift[]): DriftSummary {
  const by_kind = Object.fromEntries(DRIFT_KINDS.map((k) => [k, { count: 0, repairable: 0 }])) as DriftSummary["by_kind"]
  for (const d of list) {
    by_kind[d.kind].count++
    if (d.repairable) {
      by_kind[d.kind].repairable++
    }
  }
  return { total: list.length, repairable: list.filter((d) => d.repairable).length, by_kind }
}

/** The notification text for what the daily run could not repair (title + a few lines). */
export function driftNotice(remaining: Drift[], repaired: number, today: string): { title: string; description: string } | null {
  if (!remaining.length) {
    return null
  }
  const summary = summarizeDrift(remaining)
  const parts = DRIFT_KINDS.filter((k) => summary.by_kind[k].count).map((k) => `${summary.by_kind[k].count} ${k.replace(/_/g, " ")}`)
  return {
    title: `Lot books: ${remaining.length} ${remaining.length === 1 ? "difference needs" : "differences need"} attention`,
    description:
      `Reconcile on ${today}` +
      (repaired ? ` repaired ${repaired} ${repaired === 1 ? "difference" : "differences"}; ` : ": ") +
      `left ${parts.join(", ")}. See Lots > Reconcile.`,
  }
}

/** The hour (0-23) of an instant in an IANA time zone: when the daily reconcile may act. */
export function localHour(now: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "numeric", hourCycle: "h23" })
    .formatToParts(now)
    .find((p) => p.type === "hour")
  return Number(hour?.value ?? 0) % 24
}
