import { LotImportEvents } from "./lot-import-rows"

export { LotImportEvents }

/**
 * The events the plugin emits, with their payloads: the contract a WMS or ERP
 * subscribes to (docs/INTEGRATION.md is the catalogue). Every event is emitted
 * by the workflow that made the change, through Medusa's event bus, only
 * when that workflow succeeded. Payloads carry ids and quantities, never a
 * customer's personal data (a recall event names orders only by count).
 */
export const LotEvents = {
  CREATED: "lot.created",
  RECEIVED: "lot.received",
  OPENING_BALANCE: "lot.opening_balance",
  ADJUSTED: "lot.adjusted",
  TRANSFERRED: "lot.transferred",
  WRITTEN_OFF: "lot.written_off",
  PUT_AWAY: "lot.put_away",
  STATUS_CHANGED: "lot.status_changed",
  ALLOCATED: "lot.allocated",
  SHIPPED: "lot.shipped",
  RETURNED: "lot.returned",
  EXPIRING: "lot.expiring",
  EXPIRED: "lot.expired",
} as const

export const RecallEvents = {
  OPENED: "recall.opened",
  CLOSED: "recall.closed",
  CANCELED: "recall.canceled",
} as const

/** The expiry watch's two events (payload: its `ExpiryAnnouncement`), named here with the others. */
export const LotExpiryEvents = {
  EXPIRING: LotEvents.EXPIRING,
  EXPIRED: LotEvents.EXPIRED,
} as const

export type LotEventName =
  | (typeof LotEvents)[keyof typeof LotEvents]
  | (typeof RecallEvents)[keyof typeof RecallEvents]
  | (typeof LotImportEvents)[keyof typeof LotImportEvents]

/** Every event name, for a subscriber that forwards them all (CSV imports' events included: named in src/lib/lot-import-rows.ts). */
export const ALL_LOT_EVENTS: LotEventName[] = [...Object.values(LotEvents), ...Object.values(RecallEvents), ...Object.values(LotImportEvents)]

/** A CSV import's events (`lot-import.confirmed`, `.completed`, `.failed`): one per import, not one per row. */
export type LotImportEvent = {
  id: string
  actor_id?: string | null
  mode?: string
  summary?: Record<string, unknown>
  failure?: unknown
}

/** A lot as events name it: its id, number, the supplier's code and the item (with its SKU where the event reads it). */
export type LotRef = {
  lot_id: string
  lot_number: string
  supplier_lot_code: string | null
  inventory_item_id: string
  sku: string | null
}

/** Who and when, on every event. `actor_id`: the admin user or secret API key; null for the plugin's own runs. */
export type EventContext = { actor_id: string | null; occurred_at: string }

/** `lot.created`: a new lot (its receipts follow as `lot.received`, one per location). */
export type LotCreatedEvent = LotRef &
  EventContext & {
    expires_at: string | null
    manufactured_at: string | null
    supplier: string | null
    status: string
  }

/**
 * A change of a lot's stock at one location, from its ledger line
 * (`movement_id`): `lot.received`, `lot.opening_balance`, `lot.written_off`
 * (quantity: units received or written off, always positive), `lot.adjusted`
 * (quantity: the signed difference; `counted` and `previous` too).
 */
export type LotStockEvent = LotRef &
  EventContext & {
    movement_id: string
    location_id: string
    quantity: number
    reason: string | null
    reference_type: string | null
    reference_id: string | null
    bin?: string | null
    counted?: number
    previous?: number
  }

/** `lot.transferred`: units moved between two locations (both ledger lines). */
export type LotTransferredEvent = LotRef &
  EventContext & {
    from_location_id: string
    to_location_id: string
    quantity: number
    movement_ids: string[]
  }

/** `lot.put_away`: the lot's units at a location moved to another shelf (bin; null: no bin). */
export type LotPutAwayEvent = LotRef &
  EventContext & { movement_id: string; location_id: string; from_bin: string | null; to_bin: string | null }

/** `lot.status_changed`: quarantine, release, or recall (to `recalled`, with the recall). */
export type LotStatusChangedEvent = LotRef &
  EventContext & {
    from: string
    to: string
    reason: string | null
    recall_id?: string | null
  }

/** One line of an order event: units of one lot at one location for one order line. */
export type OrderLotLine = {
  line_item_id: string
  lot_id: string
  lot_number: string | null
  inventory_item_id: string
  location_id: string
  quantity: number
}

/** `lot.allocated`: lots reserved for an order's lines in one run (order placed, order changed, staff pick). */
export type LotAllocatedEvent = EventContext & { order_id: string; lines: OrderLotLine[] }

/** `lot.shipped`: the lots a fulfilment took. */
export type LotShippedEvent = EventContext & { order_id: string | null; fulfillment_id: string; lines: OrderLotLine[] }

/** `lot.returned`: returned units counted back on their lots (`damaged`: recorded, not restocked). */
export type LotReturnedEvent = EventContext & {
  return_id: string
  lines: { lot_id: string; lot_number: string | null; inventory_item_id: string | null; location_id: string; quantity: number; damaged: boolean }[]
}

/** `recall.opened`: a recall case, its lots (or serials), and how many orders it touches (no customer data). */
export type RecallOpenedEvent = EventContext & {
  recall_id: string
  reference: string
  reason: string
  classification: string | null
  lots: { lot_id: string; lot_number: string; inventory_item_id: string }[]
  serial_numbers: string[]
  affected_orders: number
  affected_units: number
  /** A partial recall: `{ location_ids?, shipped_from?, shipped_to? }`; null or absent for whole lots. */
  scope?: { location_ids?: string[]; shipped_from?: string; shipped_to?: string } | null
}

/** `recall.closed`: the case closed with its outcome (units shipped, returned, destroyed, unaccounted). */
export type RecallClosedEvent = EventContext & {
  recall_id: string
  reference: string
  lot_ids: string[]
  outcome: Record<string, unknown>
}

/** `recall.canceled`: a recall opened by mistake, undone (lots restored, unsent notices void); the record stays. */
export type RecallCanceledEvent = EventContext & {
  recall_id: string
  reference: string
  reason: string
  lot_ids: string[]
  /** Notices not yet sent that became void. */
  voided_notices: number
}

export type LotEventPayloads = {
  "lot.created": LotCreatedEvent
  "lot.received": LotStockEvent
  "lot.opening_balance": LotStockEvent
  "lot.adjusted": LotStockEvent
  "lot.transferred": LotTransferredEvent
  "lot.written_off": LotStockEvent
  "lot.put_away": LotPutAwayEvent
  "lot.status_changed": LotStatusChangedEvent
  "lot.allocated": LotAllocatedEvent
  "lot.shipped": LotShippedEvent
  "lot.returned": LotReturnedEvent
  "lot.expiring": Record<string, unknown>
  "lot.expired": Record<string, unknown>
  "recall.opened": RecallOpenedEvent
  "recall.closed": RecallClosedEvent
  "recall.canceled": RecallCanceledEvent
  "lot-import.confirmed": LotImportEvent
  "lot-import.completed": LotImportEvent
  "lot-import.failed": LotImportEvent
}

/** A ledger line, as the stock workflows return it. */
export type MovementLike = {
  id: string
  lot_id: string
  inventory_item_id: string
  location_id?: string | null
  quantity: number
  type?: string
  reason?: string | null
  reference_type?: string | null
  reference_id?: string | null
  actor_id?: string | null
  metadata?: Record<string, unknown> | null
}

/** Lot references by lot id (what `lotEventRefsStep` reads); a missing lot gets its id only. */
export type LotRefs = Record<string, LotRef>

export function lotRefOf(refs: LotRefs, lotId: string, inventoryItemId: string | null = null): LotRef {
  return (
    refs[lotId] ?? { lot_id: lotId, lot_number: "", supplier_lot_code: null, inventory_item_id: inventoryItemId ?? "", sku: null }
  )
}

/**
 * One stock event per ledger line (`abs`: units as a positive count, for
 * receipts and write-offs whose direction the event name says).
 */
export function stockEvents(
  movements: MovementLike[],
  refs: LotRefs,
  context: EventContext,
  options: { abs?: boolean; type?: string; bins?: Record<string, string | null | undefined> } = {}
): LotStockEvent[] {
  return movements
    .filter((m) => !!m.location_id && (!options.type || m.type === options.type))
    .map((m) => {
      const meta = (m.metadata ?? {}) as Record<string, unknown>
      const extra: Partial<LotStockEvent> = {}
      if (typeof meta.counted === "number") {
        extra.counted = meta.counted
      }
      if (typeof meta.previous === "number") {
        extra.previous = meta.previous
      }
      const bin = options.bins?.[`${m.lot_id}:${m.location_id}`]
      if (bin !== undefined) {
        extra.bin = bin
      }
      return {
        ...lotRefOf(refs, m.lot_id, m.inventory_item_id),
        ...context,
        actor_id: m.actor_id ?? context.actor_id,
        movement_id: m.id,
        location_id: m.location_id as string,
        quantity: options.abs ? Math.abs(Number(m.quantity)) : Number(m.quantity),
        reason: m.reason ?? null,
        reference_type: m.reference_type ?? null,
        reference_id: m.reference_id ?? null,
        ...extra,
      }
    })
}

/** `lot.put_away` from `put_away` ledger lines (metadata `from_bin`, `to_bin`). */
export function putAwayEvents(movements: MovementLike[], refs: LotRefs, context: EventContext): LotPutAwayEvent[] {
  return movements
    .filter((m) => m.type === "put_away" && !!m.location_id)
    .map((m) => {
      const meta = (m.metadata ?? {}) as { from_bin?: string | null; to_bin?: string | null }
      return {
        ...lotRefOf(refs, m.lot_id, m.inventory_item_id),
        ...context,
        actor_id: m.actor_id ?? context.actor_id,
        movement_id: m.id,
        location_id: m.location_id as string,
        from_bin: meta.from_bin ?? null,
        to_bin: meta.to_bin ?? null,
      }
    })
}

/** The bins named on stock moves, by `lot_id:location_id` (for the `bin` of receipt events). */
export function binsOfMoves(moves: { lot_id: string; location_id: string; bin?: string | null }[]): Record<string, string | null> {
  const bins: Record<string, string | null> = {}
  for (const m of moves) {
    if (m.bin !== undefined) {
      bins[`${m.lot_id}:${m.location_id}`] = m.bin ?? null
    }
  }
  return bins
}

/** `lot.transferred` from a transfer's two ledger lines (out: negative, in: positive). */
export function transferEvents(movements: MovementLike[], refs: LotRefs, context: EventContext): LotTransferredEvent[] {
  const out = movements.find((m) => m.type === "transferred_out")
  const into = movements.find((m) => m.type === "transferred_in")
  if (!out || !into) {
    return []
  }
  return [
    {
      ...lotRefOf(refs, out.lot_id, out.inventory_item_id),
      ...context,
      from_location_id: out.location_id as string,
      to_location_id: into.location_id as string,
      quantity: Number(into.quantity),
      movement_ids: [out.id, into.id],
    },
  ]
}

/** Reserve operations of an applied plan as event lines, units of one lot and line summed. */
export function orderLotLines(
  ops: { kind: string; lot_id?: string; line_item_id?: string; inventory_item_id?: string; location_id?: string; quantity?: number }[],
  kind: "reserve" | "fulfill",
  lotNumbers: Record<string, string> = {}
): OrderLotLine[] {
  const lines = new Map<string, OrderLotLine>()
  for (const op of ops) {
    if (op.kind !== kind || !op.lot_id || !op.line_item_id || !op.location_id || !op.quantity) {
      continue
    }
    const key = `${op.line_item_id}|${op.lot_id}|${op.location_id}`
    const line = lines.get(key)
    if (line) {
      line.quantity += op.quantity
    } else {
      lines.set(key, {
        line_item_id: op.line_item_id,
        lot_id: op.lot_id,
        lot_number: lotNumbers[op.lot_id] ?? null,
        inventory_item_id: op.inventory_item_id ?? "",
        location_id: op.location_id,
        quantity: op.quantity,
      })
    }
  }
  return [...lines.values()]
}

/** A returned-units operation of an applied plan (`return_receive`, `return_awaiting_lot`, `return_lot_confirmed`). */
type ReturnOpLike = {
  kind: string
  allocation_id?: string
  lot_id?: string
  inventory_item_id?: string
  location_id?: string
  quantity?: number
  damaged?: boolean
}

/**
 * `lot.returned` lines from the return operations of a plan: units counted
 * back on the lot they shipped from (through their allocation), or into the
 * item's awaiting lot when their lot is not known yet.
 */
export function returnedLines(
  ops: ReturnOpLike[],
  allocations: Record<string, { lot_id: string; inventory_item_id: string }>,
  refs: LotRefs
): LotReturnedEvent["lines"] {
  const lines: LotReturnedEvent["lines"] = []
  for (const op of ops) {
    if (!["return_receive", "return_awaiting_lot", "return_lot_confirmed"].includes(op.kind) || !op.quantity || !op.location_id) {
      continue
    }
    const lotId = op.kind === "return_awaiting_lot" ? op.lot_id : op.allocation_id ? allocations[op.allocation_id]?.lot_id : undefined
    if (!lotId) {
      continue
    }
    const ref = refs[lotId]
    lines.push({
      lot_id: lotId,
      lot_number: ref?.lot_number ?? null,
      inventory_item_id: ref?.inventory_item_id ?? op.inventory_item_id ?? null,
      location_id: op.location_id,
      quantity: op.quantity,
      damaged: !!op.damaged,
    })
  }
  return lines
}

/** `lot.allocated` as `emitEventStep` data: one event with every line, or none when nothing was reserved. */
export function allocatedEvent(orderId: string, lines: OrderLotLine[] | undefined, context: EventContext): LotAllocatedEvent[] {
  return lines?.length ? [{ ...context, order_id: orderId, lines }] : []
}

/** The event's `data` for `emitEventStep`: the payload, or nothing at all (an empty list emits no event). */
export function emitWhen<T>(payload: T, emit: boolean): T[] {
  return emit ? [payload] : []
}

/** Who and when, for an event emitted now. */
export function eventContext(actorId: string | null | undefined, now: Date = new Date()): EventContext {
  return { actor_id: actorId ?? null, occurred_at: now.toISOString() }
}
