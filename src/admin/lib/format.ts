import { calendarDateIn, isCalendarDate } from "../../lib/calendar-date"

/** Today as a calendar date in the browser's time zone (filters such as "expiring within 30 days"). */
export function todayInBrowser(now = new Date()): string {
  let tz = "UTC"
  try {
    tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"
  } catch {
    // keep UTC
  }
  return calendarDateIn(now, tz)
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
})

/** A calendar date (YYYY-MM-DD) as "31 Dec 2027", never shifted by a time zone. */
export function formatCalendarDate(value: string | null | undefined): string {
  if (!value) {
    return "-"
  }
  if (!isCalendarDate(value)) {
    return value
  }
  const [y, m, d] = value.split("-").map(Number)
  return dateFormat.format(new Date(Date.UTC(y, m - 1, d)))
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" })

/** The day of an instant (ISO date-time) in the browser's time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) {
    return "-"
  }
  const t = Date.parse(value)
  return Number.isNaN(t) ? value : dayFormat.format(new Date(t))
}

/** An instant (ISO date-time) in the browser's time zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) {
    return "-"
  }
  const t = Date.parse(value)
  return Number.isNaN(t) ? value : dateTimeFormat.format(new Date(t))
}

export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${n} ${Math.abs(n) === 1 ? one : many}`
}

/** "in 21 days", "today", "3 days ago". */
export function relativeDays(days: number | null | undefined): string {
  if (days === null || days === undefined) {
    return "no expiry date"
  }
  if (days === 0) {
    return "expires today"
  }
  return days > 0 ? `in ${pluralize(days, "day")}` : `${pluralize(-days, "day")} ago`
}

export type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

export type LotBadge = { label: string; color: BadgeColor }

/** The badges a lot shows: its status, then its expiry state (derived, never stored). */
export function lotBadges(lot: {
  status: string
  expired?: boolean
  expiring_soon?: boolean
  days_until_expiry?: number | null
}): LotBadge[] {
  const badges: LotBadge[] = []
  switch (lot.status) {
    case "recalled":
      badges.push({ label: "Recalled", color: "red" })
      break
    case "quarantined":
      badges.push({ label: "Quarantined", color: "orange" })
      break
    default:
      badges.push({ label: "Active", color: "green" })
  }
  if (lot.expired) {
    badges.push({ label: "Expired", color: "red" })
  } else if (lot.expiring_soon) {
    badges.push({ label: "Expiring soon", color: "orange" })
  }
  return badges
}

const MOVEMENT_LABELS: Record<string, string> = {
  received: "Received",
  adjusted: "Counted / adjusted",
  transferred_out: "Transferred out",
  transferred_in: "Transferred in",
  written_off: "Written off",
  reserved: "Reserved for order",
  released: "Reservation released",
  fulfilled: "Shipped",
  fulfillment_canceled: "Shipment canceled",
  returned: "Returned",
  quarantined: "Quarantined",
  released_from_quarantine: "Released from quarantine",
  recalled: "Recalled",
  return_damaged: "Returned damaged (not restocked)",
  return_awaiting_lot: "Returned, awaiting lot confirmation",
  return_lot_confirmed: "Return lot confirmed",
  opening_balance: "Opening balance (already in Medusa's stock)",
  put_away: "Put away",
  edited: "Edited",
}

const EDITED_FIELD_LABELS: Record<string, string> = {
  lot_number: "Lot number",
  manufactured_at: "Manufactured",
  expires_at: "Expiry date",
  best_before: "Best before",
  supplier: "Supplier",
  supplier_lot_code: "Supplier lot code",
  origin: "Origin",
  unit_cost: "Unit cost",
  unit_cost_currency_code: "Cost currency",
}

const DATE_FIELDS = new Set(["manufactured_at", "expires_at", "best_before"])

/**
 * An `edited` ledger line's changes, one per field:
 * "Expiry date: 31 Dec 2027 → 31 Jan 2028; Supplier: Acme → none".
 */
export function editedChanges(metadata: Record<string, unknown> | null | undefined): string | null {
  const changes = Array.isArray(metadata?.changes) ? (metadata!.changes as { field?: unknown; before?: unknown; after?: unknown }[]) : []
  if (!changes.length) {
    return null
  }
  const value = (field: string, v: unknown) => {
    if (v === null || v === undefined || v === "") {
      return "none"
    }
    return DATE_FIELDS.has(field) && typeof v === "string" ? formatCalendarDate(v) : String(v)
  }
  return changes
    .map((c) => {
      const field = String(c.field ?? "")
      return `${EDITED_FIELD_LABELS[field] ?? field.replace(/_/g, " ")}: ${value(field, c.before)} → ${value(field, c.after)}`
    })
    .join("; ")
}

/** The detail a ledger line shows under its label: a put-away's bins, an edit's changes. */
export function movementDetail(m: { type: string; metadata?: Record<string, unknown> | null }): string | null {
  if (m.type === "put_away") {
    return putAwayBins(m.metadata)
  }
  if (m.type === "edited") {
    return editedChanges(m.metadata)
  }
  return null
}

/** A put-away's bins, "A-01 → B-07" (an empty bin reads "no bin"). */
export function putAwayBins(metadata: Record<string, unknown> | null | undefined): string | null {
  if (!metadata || !("to_bin" in metadata || "from_bin" in metadata)) {
    return null
  }
  const bin = (v: unknown) => (typeof v === "string" && v ? v : "no bin")
  return `${bin(metadata.from_bin)} → ${bin(metadata.to_bin)}`
}

export function movementLabel(type: string): string {
  return MOVEMENT_LABELS[type] ?? type.replace(/_/g, " ")
}

/** Reservations move reserved units, not stock on hand: say so next to the figure. */
export function movementQuantity(m: { type: string; quantity: number; metadata?: Record<string, unknown> | null }): string {
  const damagedUnits = Number(m.metadata?.units)
  if (m.quantity === 0 && m.metadata?.damaged === true && damagedUnits > 0) {
    // Damaged returned units move no stock: show how many came back.
    return `${pluralize(damagedUnits, "unit")} damaged`
  }
  if (m.quantity === 0) {
    return ""
  }
  const sign = m.quantity > 0 ? "+" : "−"
  const units = pluralize(Math.abs(m.quantity), "unit")
  return ["reserved", "released"].includes(m.type) ? `${sign}${units} reserved` : `${sign}${units}`
}

export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return "n/a"
  }
  return `${(value * 100).toFixed(digits)} %`
}

/** Milliseconds as "4 s", "3 min 20 s", "2 h 5 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) {
    return "n/a"
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`
  }
  const s = Math.round(ms / 1000)
  if (s < 60) {
    return `${s} s`
  }
  const min = Math.floor(s / 60)
  if (min < 60) {
    return s % 60 ? `${min} min ${s % 60} s` : `${min} min`
  }
  const h = Math.floor(min / 60)
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`
}

/** "3 units shipped in 1 shipment to 1 order, 1 returned" (customers when the API counts them). */
export function traceSummaryText(s: {
  units_shipped: number
  shipments: number
  orders: number
  customers?: number
  units_returned: number
}): string {
  if (!s.shipments) {
    return "Not shipped yet."
  }
  const to = s.customers !== undefined ? `${pluralize(s.customers, "customer")} (${pluralize(s.orders, "order")})` : pluralize(s.orders, "order")
  const returned = s.units_returned ? `, ${s.units_returned} returned` : ""
  return `${pluralize(s.units_shipped, "unit")} shipped in ${pluralize(s.shipments, "shipment")} to ${to}${returned}`
}

/** A ship-to address object as one line. */
export function formatAddress(a: unknown): string {
  if (!a) {
    return "-"
  }
  if (typeof a === "string") {
    return a
  }
  const o = a as Record<string, unknown>
  const parts = [
    [o.first_name, o.last_name].filter(Boolean).join(" "),
    o.company,
    o.address_1,
    o.address_2,
    [o.postal_code, o.city].filter(Boolean).join(" "),
    typeof o.country_code === "string" ? o.country_code.toUpperCase() : undefined,
  ]
  return parts.filter((p) => typeof p === "string" && p.trim()).join(", ") || "-"
}
