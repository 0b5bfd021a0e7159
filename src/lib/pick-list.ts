/**
 * Pick lists (docs/DOCUMENTS.md): the order a picker walks the warehouse in,
 * and the grouping the printed list shows. Pure, shared by the API (which
 * answers the lines already sorted) and the admin (which groups them).
 */

/** An order on a pick list. */
export type PickListOrder = {
  id: string
  display_id: number | null
  email?: string | null
  created_at: string
}

/**
 * Units of one order line to take from one lot at one location: a reserved
 * lot allocation not shipped yet (`status: "reserved"`), or, for an item not
 * tracked by lot, Medusa's reservation of the line (`status: "untracked"`,
 * no lot, no bin).
 */
export type PickListLine = {
  order_id: string
  order_display_id: number | null
  line_item_id: string
  product_title: string | null
  variant_title: string | null
  sku: string | null
  inventory_item_id: string
  lot_id: string | null
  lot_number: string | null
  /** Calendar date (YYYY-MM-DD) or null when the lot has none. */
  expires_at: string | null
  /** The lot's status: a picker must not take a quarantined or recalled lot (normally moved off it already). */
  lot_status: string | null
  location_id: string
  location_name: string | null
  /** The shelf of the lot at that location (lot_stock.bin), if known. */
  bin: string | null
  quantity: number
  status: "reserved" | "untracked"
}

/** Units of an order line still waiting for stock: nothing to pick yet. */
export type PickListShortfall = {
  order_id: string
  order_display_id: number | null
  line_item_id: string
  sku: string | null
  location_id: string
  location_name?: string | null
  quantity: number
}

export type PickList = {
  generated_at: string
  orders: PickListOrder[]
  lines: PickListLine[]
  shortfalls: PickListShortfall[]
}

/** The lines of one location, in walking order. */
export type PickListGroup = {
  location_id: string
  location_name: string | null
  lines: PickListLine[]
  quantity: number
}

const CHUNK = /(\d+)/

/**
 * Natural order of text with numbers in it: "A-2" before "A-10", "B1" after
 * "A20". Digits compare as numbers, the rest without case; equal keys
 * ("A-02" and "A-2") fall back to the plain text so the order is total.
 */
export function naturalCompare(a: string, b: string): number {
  const xs = a.split(CHUNK)
  const ys = b.split(CHUNK)
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i]
    const y = ys[i]
    if (x === y) {
      continue
    }
    // split() with a capture group puts the digit runs at odd indexes.
    if (i % 2 === 1) {
      const d = compareDigits(x, y)
      if (d) {
        return d
      }
    } else {
      const d = compareText(x.toUpperCase(), y.toUpperCase())
      if (d) {
        return d
      }
    }
  }
  return xs.length - ys.length || compareText(a, b)
}

/** Runs of digits by value, without Number's limits (a bin "9999999999999999999"). */
function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, "")
  const b = y.replace(/^0+(?=\d)/, "")
  return a.length - b.length || compareText(a, b)
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Blank or missing values go after every value. */
function lastWhenMissing<T>(a: T | null | undefined, b: T | null | undefined, compare: (x: T, y: T) => number): number {
  const ma = a === null || a === undefined || (typeof a === "string" && !a.trim())
  const mb = b === null || b === undefined || (typeof b === "string" && !b.trim())
  if (ma || mb) {
    return ma === mb ? 0 : ma ? 1 : -1
  }
  return compare(a as T, b as T)
}

/** Bins in natural order; lines without a bin last (the picker looks for them after the shelves). */
export const compareBins = (a: string | null | undefined, b: string | null | undefined) =>
  lastWhenMissing(a?.trim(), b?.trim(), naturalCompare)

/**
 * The walking order: by location (name, then id), then bin (natural, none
 * last), then SKU, then expiry (soonest first, none last: the order FEFO
 * reserved them in), then order number, then line and lot so that the
 * order is the same on every print.
 */
export function comparePickLines(a: PickListLine, b: PickListLine): number {
  return (
    lastWhenMissing(a.location_name, b.location_name, naturalCompare) ||
    compareText(a.location_id, b.location_id) ||
    compareBins(a.bin, b.bin) ||
    lastWhenMissing(a.sku, b.sku, naturalCompare) ||
    lastWhenMissing(a.expires_at, b.expires_at, compareText) ||
    lastWhenMissing(a.order_display_id, b.order_display_id, (x, y) => x - y) ||
    compareText(a.order_id, b.order_id) ||
    compareText(a.line_item_id, b.line_item_id) ||
    lastWhenMissing(a.lot_number, b.lot_number, naturalCompare)
  )
}

/** The lines sorted for one walk through the warehouse (a new array). */
export const sortPickLines = <T extends PickListLine>(lines: readonly T[]): T[] => [...lines].sort(comparePickLines)

/** Shortfalls by order, then SKU: a list of what to chase, not a walk. */
export const sortShortfalls = <T extends PickListShortfall>(shortfalls: readonly T[]): T[] =>
  [...shortfalls].sort(
    (a, b) =>
      lastWhenMissing(a.order_display_id, b.order_display_id, (x, y) => x - y) ||
      compareText(a.order_id, b.order_id) ||
      lastWhenMissing(a.sku, b.sku, naturalCompare) ||
      compareText(a.line_item_id, b.line_item_id) ||
      compareText(a.location_id, b.location_id)
  )

/**
 * The lines per location, in walking order (the lines are sorted first, so
 * the groups come in location order whatever order the lines came in).
 */
export function groupPickLines(lines: readonly PickListLine[]): PickListGroup[] {
  const groups: PickListGroup[] = []
  for (const line of sortPickLines(lines)) {
    let group = groups[groups.length - 1]
    if (!group || group.location_id !== line.location_id) {
      group = { location_id: line.location_id, location_name: line.location_name, lines: [], quantity: 0 }
      groups.push(group)
    }
    group.lines.push(line)
    group.quantity += line.quantity
  }
  return groups
}
