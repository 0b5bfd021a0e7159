/**
 * The recall rules that need no database: references, the affected-order
 * notices built from shipments, the closing outcome and what a notice
 * template receives.
 */
import { calendarDateIn, type CalendarDate } from "./calendar-date"
import { sequentialEntityIds } from "./entity-ids"

export const RECALL_REFERENCE_PREFIX = "RCL"

/** `RCL-2026-0001`: the year's next number (at least four digits). */
export function recallReference(year: string, sequence: number): string {
  return `${RECALL_REFERENCE_PREFIX}-${year}-${String(sequence).padStart(4, "0")}`
}

/** The highest sequence among references of the year (deleted ones too, so a number is never reused). */
export function lastRecallSequence(year: string, references: string[]): number {
  const pattern = new RegExp(`^${RECALL_REFERENCE_PREFIX}-${year}-(\\d+)$`)
  return references.reduce((max, ref) => {
    const m = pattern.exec(ref)
    return m ? Math.max(max, Number(m[1])) : max
  }, 0)
}

/**
 * What a notice is built from: one shipment of a recalled lot (the fields of
 * the shipments read model that a notice keeps).
 */
export type ShippedUnits = {
  lot: { id: string; lot_number: string }
  inventory_item: { id: string; title: string | null }
  product: { title: string | null; sku: string | null }
  order: { id: string; display_id: number | null }
  customer: { id: string | null; name: string | null; email: string | null; phone: string | null }
  ship_to: unknown
  ship_from: { location_id: string; name: string | null }
  quantity: number
  returned_quantity: number
  fulfillment_id: string | null
  fulfilled_at: string | null
  shipped_at: string | null
  /** Serialized items: the units of this shipment (a recall by serial: only the recalled ones). */
  serial_numbers?: string[]
}

export type NoticeLine = {
  lot_id: string
  lot_number: string
  inventory_item_id: string
  product_title: string | null
  sku: string | null
  quantity: number
  returned_quantity: number
  fulfillment_id: string | null
  shipped_at: string | null
  location_id: string
  location_name: string | null
  serial_numbers?: string[]
}

/** One notice per affected order, from that order's shipments of the recalled lots. */
export function noticesFromShipments<S extends ShippedUnits>(recallId: string, shipments: S[]) {
  const byOrder = new Map<string, S[]>()
  for (const s of shipments) {
    const rows = byOrder.get(s.order.id)
    if (rows) {
      rows.push(s)
    } else {
      byOrder.set(s.order.id, [s])
    }
  }
  const ids = sequentialEntityIds("rclntc", byOrder.size)
  return [...byOrder.entries()].map(([orderId, rows], index) => {
    const first = rows[0]
    const shippedAt = rows
      .map((r) => r.shipped_at ?? r.fulfilled_at)
      .filter((d): d is string => Boolean(d))
      .sort()
    const lines: NoticeLine[] = rows.map((r) => ({
      lot_id: r.lot.id,
      lot_number: r.lot.lot_number,
      inventory_item_id: r.inventory_item.id,
      product_title: r.product.title ?? r.inventory_item.title,
      sku: r.product.sku,
      quantity: r.quantity,
      returned_quantity: r.returned_quantity,
      fulfillment_id: r.fulfillment_id,
      shipped_at: r.shipped_at ?? r.fulfilled_at,
      location_id: r.ship_from.location_id,
      location_name: r.ship_from.name,
      ...(r.serial_numbers?.length ? { serial_numbers: r.serial_numbers } : {}),
    }))
    return {
      id: ids[index],
      recall_id: recallId,
      order_id: orderId,
      order_display_id: first.order.display_id,
      customer_id: first.customer.id,
      email: first.customer.email,
      name: first.customer.name,
      phone: first.customer.phone,
      ship_to: first.ship_to,
      lines,
      quantity: rows.reduce((s, r) => s + r.quantity, 0),
      returned_quantity: rows.reduce((s, r) => s + r.returned_quantity, 0),
      first_shipped_at: shippedAt[0] ?? null,
      status: "pending" as const,
    }
  })
}

/** What listing a recall's affected orders found. */
export type AffectedSummary = {
  orders: number
  customers: number
  units: number
  with_email: number
  without_email: number
  /** How long the listing took: reading the shipments, writing the notices. */
  duration_ms?: { read: number; write: number }
}

/** Counts over the notices: a customer is counted once (by id, else email, else order). */
export function affectedSummary(
  notices: { order_id: string; customer_id: string | null; email: string | null; quantity: number }[]
): AffectedSummary {
  const customers = new Set(notices.map((n) => n.customer_id ?? n.email?.toLowerCase() ?? n.order_id))
  return {
    orders: notices.length,
    customers: customers.size,
    units: notices.reduce((s, n) => s + n.quantity, 0),
    with_email: notices.filter((n) => n.email).length,
    without_email: notices.filter((n) => !n.email).length,
  }
}

export type RecallOutcome = {
  /** Units of the recalled lots shipped to customers (fulfilled allocations). */
  units_shipped: number
  /** Of those, units returned (restocked into the lots by the return flow). */
  units_returned: number
  /** Units written off with reason `recalled` since the recall opened (destroyed from stock). */
  units_destroyed_in_stock: number
  /** Units reported destroyed outside the warehouse (by customers, in the field), as given when closing. */
  units_destroyed_reported: number
  /** units_destroyed_in_stock + units_destroyed_reported. */
  units_destroyed: number
  /** Shipped units neither returned nor reported destroyed: shipped - returned - reported (never below 0). */
  units_unaccounted: number
  /** Units of the lots still on hand (blocked) when closing. */
  units_in_stock: number
  note: string | null
  computed_at: string
}

/** The outcome from the figures: returned units that were then destroyed are counted once. */
export function recallOutcome(
  figures: { units_shipped: number; units_returned: number; units_written_off: number; units_in_stock: number },
  given: { destroyed?: number | null; note?: string | null } | null | undefined,
  now: Date
): RecallOutcome {
  const reported = given?.destroyed ?? 0
  return {
    units_shipped: figures.units_shipped,
    units_returned: figures.units_returned,
    units_destroyed_in_stock: figures.units_written_off,
    units_destroyed_reported: reported,
    units_destroyed: figures.units_written_off + reported,
    units_unaccounted: Math.max(0, figures.units_shipped - figures.units_returned - reported),
    units_in_stock: figures.units_in_stock,
    note: given?.note ?? null,
    computed_at: now.toISOString(),
  }
}

/** A notice as the notice template is filled from. */
export type NoticeForTemplate = {
  order_id: string
  order_display_id: number | null
  name: string | null
  ship_to: Record<string, unknown> | null
  lines: { lot_number: string; product_title?: string | null; sku?: string | null; quantity: number; shipped_at?: string | null }[] | null
  quantity: number
}

/** What the `lot-recall-notice` template receives: what the customer may see, never the internal reason. */
export function noticeTemplateData(
  recall: { reference: string; classification: string | null; public_reason: string | null; opened_at: Date | string },
  notice: NoticeForTemplate
) {
  return {
    recall: {
      reference: recall.reference,
      classification: recall.classification,
      public_reason: recall.public_reason,
      opened_at: new Date(recall.opened_at).toISOString(),
    },
    order: { id: notice.order_id, display_id: notice.order_display_id },
    customer: { name: notice.name },
    ship_to: notice.ship_to,
    quantity: notice.quantity,
    lots: (notice.lines ?? []).map((l) => ({
      lot_number: l.lot_number,
      product_title: l.product_title ?? null,
      sku: l.sku ?? null,
      quantity: l.quantity,
      shipped_at: l.shipped_at ?? null,
    })),
  }
}

/**
 * A recall limited to part of a lot's life (docs/RECALLS.md, Lifecycle):
 * the stock at some locations, and the shipments from those locations
 * within a range of ship dates (calendar days in the plugin's time zone,
 * both included). Null or empty: the whole lot.
 */
export type RecallScope = {
  location_ids?: string[]
  shipped_from?: CalendarDate
  shipped_to?: CalendarDate
}

/** The scope as stored: only what limits anything, or null for the whole lot. */
export function normalizeRecallScope(scope: RecallScope | null | undefined): RecallScope | null {
  if (!scope) {
    return null
  }
  const out: RecallScope = {}
  const locations = [...new Set(scope.location_ids ?? [])]
  if (locations.length) {
    out.location_ids = locations
  }
  if (scope.shipped_from) {
    out.shipped_from = scope.shipped_from
  }
  if (scope.shipped_to) {
    out.shipped_to = scope.shipped_to
  }
  return Object.keys(out).length ? out : null
}

/**
 * The merchant's calendar day of an instant (the plugin's time zone): what
 * "ship date" means in the CSV and in a recall's date range. A shipment at
 * 23:30 in Paris is that day's, not the next UTC day's.
 */
export function shipDateIn(instant: string | Date | null | undefined, timeZone: string): CalendarDate | null {
  if (!instant) {
    return null
  }
  const date = instant instanceof Date ? instant : new Date(instant)
  return Number.isNaN(date.getTime()) ? null : calendarDateIn(date, timeZone)
}

/** The instant a shipment counts as shipped: when the carrier took it, else when it was fulfilled. */
export const shipInstant = (s: { shipped_at: string | null; fulfilled_at: string | null }) => s.shipped_at ?? s.fulfilled_at

/**
 * Whether a shipment falls in a recall's scope: shipped from one of its
 * locations (when it names some) on a ship date within its range (when it
 * has one; a shipment without any date is outside a range).
 */
export function shipmentInScope(
  s: { ship_from: { location_id: string }; shipped_at: string | null; fulfilled_at: string | null },
  scope: RecallScope | null | undefined,
  timeZone: string
): boolean {
  if (!scope) {
    return true
  }
  if (scope.location_ids?.length && !scope.location_ids.includes(s.ship_from.location_id)) {
    return false
  }
  if (scope.shipped_from || scope.shipped_to) {
    const day = shipDateIn(shipInstant(s), timeZone)
    if (!day || (scope.shipped_from && day < scope.shipped_from) || (scope.shipped_to && day > scope.shipped_to)) {
      return false
    }
  }
  return true
}

/** Why a scope cannot be used (null when it can): dates in order. Locations are checked against the database. */
export function recallScopeProblem(scope: RecallScope | null | undefined): string | null {
  if (scope?.shipped_from && scope.shipped_to && scope.shipped_from > scope.shipped_to) {
    return `scope.shipped_from (${scope.shipped_from}) must not be after scope.shipped_to (${scope.shipped_to})`
  }
  return null
}

/**
 * The status a recalled lot goes back to when its recall is canceled: the
 * one it had before, unless another recall (not canceled) still holds the
 * whole lot.
 */
export function statusAfterCancel(previousStatus: string, heldByAnotherRecall: boolean): "active" | "quarantined" | "recalled" {
  if (heldByAnotherRecall) {
    return "recalled"
  }
  return previousStatus === "quarantined" || previousStatus === "recalled" ? previousStatus : "active"
}
