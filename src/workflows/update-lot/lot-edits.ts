/**
 * The edit ledger (docs/ARCHITECTURE.md, movement type `edited`): which of a
 * lot's identifying attributes an update really changes, each with its
 * value before and after. Metadata is not ledgered (free-form, not what a
 * lot is); a field sent with its current value is no change.
 */
export const LEDGERED_LOT_FIELDS = [
  "lot_number",
  "manufactured_at",
  "expires_at",
  "best_before",
  "supplier",
  "supplier_lot_code",
  "origin",
  "unit_cost",
  "unit_cost_currency_code",
] as const

export type LedgeredLotField = (typeof LEDGERED_LOT_FIELDS)[number]

export type LotFieldChange = { field: LedgeredLotField; before: string | number | null; after: string | number | null }

/** A stored value as the ledger writes it: null for nothing, numbers for a cost (a BigNumber reads as its number). */
function plain(field: LedgeredLotField, value: unknown): string | number | null {
  if (value === null || value === undefined || value === "") {
    return null
  }
  if (field === "unit_cost") {
    const n = typeof value === "object" && value !== null && "numeric" in value ? Number((value as { numeric: unknown }).numeric) : Number(value)
    return Number.isFinite(n) ? n : String(value)
  }
  return String(value)
}

/** The fields of `update` whose value differs from the lot's, in the ledger's field order. */
export function lotFieldChanges(lot: Record<string, unknown>, update: Record<string, unknown>): LotFieldChange[] {
  const changes: LotFieldChange[] = []
  for (const field of LEDGERED_LOT_FIELDS) {
    if (!(field in update) || update[field] === undefined) {
      continue
    }
    const before = plain(field, lot[field])
    const after = plain(field, update[field])
    if (before !== after) {
      changes.push({ field, before, after })
    }
  }
  return changes
}
