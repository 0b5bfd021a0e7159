/**
 * Which lot returned units go back to. Pure, so the rules are unit tested
 * and the workflow only reads and writes.
 *
 * Everything is in inventory units of one inventory item of one order line:
 * a kit line of 2 units whose variant needs 2 of item A and 1 of item B
 * returns 4 units of A and 2 of B, each planned on its own.
 *
 * The rules, in order:
 *  1. Lots staff named for the receipt (`POST /admin/returns/:id/lots`) take
 *     their units first, as far as the lot shipped units to the line that
 *     have not come back yet.
 *  2. The rest goes back to the lot the line shipped from, or, when it
 *     shipped from several, to those lots in the order they shipped.
 *  3. Unless the line shipped from several lots and one of them is now
 *     quarantined or recalled: the return cannot tell which lot a unit
 *     belongs to, and guessing could put a recalled unit back on sale (or a
 *     sellable one into a recall). Those units then await lot confirmation:
 *     they are stocked in the item's quarantined "awaiting lot confirmation"
 *     lot (held back from sale) until staff name their lot.
 *  4. Units no shipped lot accounts for (shipped before the item was
 *     tracked) await lot confirmation too: Medusa restocks them, so lot
 *     stock must take them, and no lot can be presumed.
 * Damaged units (received through `dismiss-items`) follow the same rules,
 * but Medusa does not restock them, so neither does the plugin: they are
 * only counted as returned on their lot.
 */

export type ReturnLotStatus = "active" | "quarantined" | "recalled"

/**
 * Per inventory item, one quarantined lot takes returned units whose lot is
 * not confirmed yet: lot stock must follow Medusa's restock, and these units
 * must not be sold. It is never released; staff confirm each unit's lot with
 * `POST /admin/returns/:id/lots`, which moves it out.
 */
export const AWAITING_LOT_NUMBER = "AWAITING-LOT-CONFIRMATION"
/** `lot.metadata.lot_tracking` of that lot. */
export const AWAITING_LOT_MARKER = "awaiting_lot_confirmation"

export const isAwaitingLot = (lot: { metadata?: unknown } | null | undefined) =>
  (lot?.metadata as { lot_tracking?: unknown } | null | undefined)?.lot_tracking === AWAITING_LOT_MARKER

/** One shipment of the line from one lot (a fulfilled allocation), in the order they shipped. */
export type ShippedLot = {
  allocation_id: string
  lot_id: string
  lot_number: string
  lot_status: ReturnLotStatus
  /** Units shipped on this allocation. */
  quantity: number
  /** Of those, units already back. */
  returned_quantity: number
}

/** A lot staff named for returned units; `damaged: true` names it for damaged units only. */
export type NamedReturnLot = {
  lot_id: string
  quantity: number
  damaged?: boolean
  /** Serialized items: the units named, and the shipment they left on (they come back to that one). */
  serial_numbers?: string[]
  allocation_id?: string
}

/** Units to place: restocked (`normal`) and received as damaged (`damaged`). */
export type ReturnUnits = { normal: number; damaged: number }

export type ReturnPlacement =
  | { kind: "lot"; allocation_id: string; lot_id: string; quantity: number; damaged: boolean; named: boolean; serial_numbers?: string[] }
  | { kind: "awaiting"; quantity: number; damaged: boolean; reason: "ambiguous" | "no_lot" }

export type ReceiptPlan = {
  placements: ReturnPlacement[]
  /** Named units that could not be used (the lot has no such shipped units left, or more were named than received). */
  unused_named: { lot_id: string; quantity: number }[]
}

const KINDS = ["normal", "damaged"] as const
type Kind = (typeof KINDS)[number]

const isBlocked = (s: ShippedLot) => s.lot_status !== "active"

/**
 * Lines that shipped from several lots of which one is quarantined or
 * recalled: a returned unit cannot be told apart, so it awaits confirmation.
 */
export function isAmbiguous(open: ShippedLot[]): boolean {
  const lots = new Set(open.map((s) => s.lot_id))
  return lots.size > 1 && open.some(isBlocked)
}

/** Units of the line still out with the customer, per allocation. */
const openUnits = (shipped: ShippedLot[]) => new Map(shipped.map((s) => [s.allocation_id, Math.max(0, s.quantity - s.returned_quantity)]))

/**
 * Where the units of one receipt go (rules 1-4 above). `shipped` must be in
 * the order the units shipped (oldest first).
 */
export function planReturnReceipt(
  units: ReturnUnits,
  shipped: ShippedLot[],
  named: NamedReturnLot[] = [],
  /** Serialized items are never ambiguous: each unit's serial says where it shipped from. */
  options: { ambiguous?: boolean } = {}
): ReceiptPlan {
  const open = openUnits(shipped)
  const left: Record<Kind, number> = { normal: Math.max(0, units.normal), damaged: Math.max(0, units.damaged) }
  const placements: ReturnPlacement[] = []
  const unused_named: ReceiptPlan["unused_named"] = []

  const take = (s: ShippedLot, kind: Kind, wanted: number, isNamed: boolean, serials?: string[]) => {
    const q = Math.min(wanted, left[kind], open.get(s.allocation_id) ?? 0)
    if (q > 0) {
      placements.push({
        kind: "lot",
        allocation_id: s.allocation_id,
        lot_id: s.lot_id,
        quantity: q,
        damaged: kind === "damaged",
        named: isNamed,
        ...(serials ? { serial_numbers: serials.splice(0, q) } : {}),
      })
      left[kind] -= q
      open.set(s.allocation_id, (open.get(s.allocation_id) ?? 0) - q)
    }
    return q
  }

  for (const n of named) {
    let wanted = n.quantity
    const serials = n.serial_numbers ? [...n.serial_numbers] : undefined
    // Named serials are exact: units not named damaged are the good ones.
    const kinds = n.damaged ? (["damaged"] as const) : n.serial_numbers ? (["normal"] as const) : KINDS
    for (const kind of kinds) {
      for (const s of shipped.filter((x) => x.lot_id === n.lot_id && (!n.allocation_id || x.allocation_id === n.allocation_id))) {
        wanted -= take(s, kind, wanted, true, serials)
      }
    }
    if (wanted > 0) {
      unused_named.push({ lot_id: n.lot_id, quantity: wanted })
    }
  }

  const stillOpen = shipped.filter((s) => (open.get(s.allocation_id) ?? 0) > 0)
  const ambiguous = options.ambiguous !== false && isAmbiguous(stillOpen)
  for (const kind of KINDS) {
    if (!left[kind]) {
      continue
    }
    if (ambiguous) {
      placements.push({ kind: "awaiting", quantity: left[kind], damaged: kind === "damaged", reason: "ambiguous" })
      left[kind] = 0
      continue
    }
    for (const s of stillOpen) {
      take(s, kind, left[kind], false)
    }
    if (left[kind] > 0) {
      placements.push({ kind: "awaiting", quantity: left[kind], damaged: kind === "damaged", reason: "no_lot" })
      left[kind] = 0
    }
  }
  return { placements, unused_named }
}

export type LotPick = { allocation_id: string; lot_id: string; quantity: number; damaged: boolean }

type Entry = NamedReturnLot & { lot_number?: string }

/**
 * Checks lots staff name for one line and inventory item against what the
 * line shipped (each lot must have shipped that many units to the line that
 * are not back yet) and against the units they are for (`units`: being
 * received now, or awaiting lot confirmation), and assigns them: entries
 * marked `damaged` to damaged units, others to restocked units first, then
 * damaged ones. Returns the picks, or the problems in words staff can act on.
 */
export function assignNamedReturnLots(
  units: ReturnUnits,
  shipped: ShippedLot[],
  entries: Entry[],
  describe: { line: string; what: string }
): { picks: LotPick[]; problems: string[] } {
  const problems: string[] = []
  const open = openUnits(shipped)
  const perLot = new Map<string, number>()
  for (const e of entries) {
    perLot.set(e.lot_id, (perLot.get(e.lot_id) ?? 0) + e.quantity)
  }
  for (const [lotId, wanted] of perLot) {
    const rows = shipped.filter((s) => s.lot_id === lotId)
    const name = rows[0]?.lot_number ?? entries.find((e) => e.lot_id === lotId)?.lot_number ?? lotId
    if (!rows.length) {
      problems.push(`Lot ${name} did not ship to ${describe.line}`)
      continue
    }
    const shippedUnits = rows.reduce((s, r) => s + r.quantity, 0)
    const stillOut = rows.reduce((s, r) => s + (open.get(r.allocation_id) ?? 0), 0)
    if (wanted > stillOut) {
      problems.push(
        `Lot ${name} shipped ${shippedUnits} units to ${describe.line} and ${stillOut} of them are not back yet; ${wanted} were named`
      )
    }
  }
  const total = entries.reduce((s, e) => s + e.quantity, 0)
  const damagedNamed = entries.filter((e) => e.damaged).reduce((s, e) => s + e.quantity, 0)
  if (total > units.normal + units.damaged) {
    problems.push(`${total} units were named for ${describe.line}, but only ${units.normal + units.damaged} ${describe.what}`)
  } else if (damagedNamed > units.damaged) {
    problems.push(`${damagedNamed} damaged units were named for ${describe.line}, but only ${units.damaged} damaged ${describe.what}`)
  }
  if (problems.length) {
    return { picks: [], problems }
  }
  // Valid: assign in the order given, damaged-only entries first so they cannot be crowded out.
  const plan = planReturnReceipt(
    units,
    shipped,
    [...entries.filter((e) => e.damaged), ...entries.filter((e) => !e.damaged)]
  )
  const picks = plan.placements
    .filter((p): p is Extract<ReturnPlacement, { kind: "lot" }> => p.kind === "lot" && p.named)
    .map((p) => ({ allocation_id: p.allocation_id, lot_id: p.lot_id, quantity: p.quantity, damaged: p.damaged }))
  const assigned = picks.reduce((s, p) => s + p.quantity, 0)
  if (assigned !== total) {
    // Only when restocked and damaged units cannot both be served as named (e.g. every normal unit already taken).
    problems.push(`${total} units were named for ${describe.line}, but only ${assigned} could be matched to the ${describe.what}`)
    return { picks: [], problems }
  }
  return { picks, problems }
}

/** Units of one receipt per order line, from its order change actions. */
export function receiptUnits(
  actions: { action: string; details?: { reference_id?: string; quantity?: unknown } | null }[]
): Map<string, ReturnUnits> {
  const perLine = new Map<string, ReturnUnits>()
  for (const a of actions) {
    const damaged = a.action === "RECEIVE_DAMAGED_RETURN_ITEM"
    if (!damaged && a.action !== "RECEIVE_RETURN_ITEM") {
      continue
    }
    const line = a.details?.reference_id
    const q = Number((a.details?.quantity as any)?.value ?? a.details?.quantity ?? 0)
    if (!line || !(q > 0)) {
      continue
    }
    const u = perLine.get(line) ?? { normal: 0, damaged: 0 }
    if (damaged) {
      u.damaged += q
    } else {
      u.normal += q
    }
    perLine.set(line, u)
  }
  return perLine
}

/** Line units times the variant's `required_quantity` of the item: inventory units, as Medusa counts them. */
export const inventoryUnits = (lineUnits: ReturnUnits, requiredQuantity: number): ReturnUnits => ({
  normal: lineUnits.normal * requiredQuantity,
  damaged: lineUnits.damaged * requiredQuantity,
})

/** A ledger row of one return (movements referencing it). */
export type ReturnMovement = {
  lot_id: string
  inventory_item_id: string
  location_id: string | null
  type: string
  quantity: number
  metadata?: Record<string, unknown> | null
}

const unitsOf = (m: ReturnMovement) => {
  const u = Number(m.metadata?.units)
  return Number.isFinite(u) && u > 0 ? u : Math.abs(m.quantity)
}
const key = (line: string, item: string) => `${line}:${item}`

export type AwaitingUnits = ReturnUnits & { lot_id: string; location_id: string | null }

/**
 * What a return's ledger says was done: per receipt (order change) the units
 * already placed, per line and item the units still awaiting lot
 * confirmation, and units restocked before receipts were told apart
 * (`returned` without an order change), which count against the earliest
 * receipts. Confirmations move units from awaiting to a lot; they do not
 * count again.
 */
export function returnLedger(movements: ReturnMovement[]) {
  const placed = new Map<string, number>()
  const legacy = new Map<string, number>()
  const awaiting = new Map<string, AwaitingUnits>()
  for (const m of movements) {
    const md = m.metadata ?? {}
    const line = md.line_item_id as string | undefined
    if (!line) {
      continue
    }
    const k = key(line, m.inventory_item_id)
    const damaged = md.damaged === true || m.type === "return_damaged"
    const units = unitsOf(m)
    if (m.type === "return_awaiting_lot" || m.type === "return_lot_confirmed") {
      const a = awaiting.get(k) ?? { normal: 0, damaged: 0, lot_id: m.lot_id, location_id: m.location_id }
      const sign = m.type === "return_awaiting_lot" ? 1 : -1
      if (damaged) {
        a.damaged += sign * units
      } else {
        a.normal += sign * units
      }
      awaiting.set(k, a)
    }
    if (md.confirmed_from_lot_id || m.type === "return_lot_confirmed") {
      continue
    }
    if (m.type !== "returned" && m.type !== "return_damaged" && m.type !== "return_awaiting_lot") {
      continue
    }
    const change = md.order_change_id as string | undefined
    if (change) {
      const pk = `${change}:${k}:${damaged ? "d" : "n"}`
      placed.set(pk, (placed.get(pk) ?? 0) + units)
    } else if (m.type === "returned") {
      legacy.set(k, (legacy.get(k) ?? 0) + units)
    }
  }
  return {
    /** Units of this receipt, line and item already placed (restocked, recorded as damaged, or awaiting). */
    placed: (changeId: string, line: string, item: string, damaged: boolean) =>
      placed.get(`${changeId}:${key(line, item)}:${damaged ? "d" : "n"}`) ?? 0,
    /** Restocked units of the line and item recorded without a receipt. */
    legacy: (line: string, item: string) => legacy.get(key(line, item)) ?? 0,
    /** Units of the line and item awaiting lot confirmation, and where they are. */
    awaiting: (line: string, item: string): AwaitingUnits | null => {
      const a = awaiting.get(key(line, item))
      return a && (a.normal > 0 || a.damaged > 0) ? a : null
    },
    awaitingAll: () => [...awaiting.entries()].filter(([, a]) => a.normal > 0 || a.damaged > 0),
  }
}
