import { pluralize } from "./format"
import type { HeldLot, HoldReason, LotHold } from "../../types/http"

/** The name of the plugin's reservation, as staff see it on Medusa's reservations (see src/lib/lot-hold.ts). */
export const HOLD_RESERVATION_NAME = "Held by lot tracking"

const REASON_LABELS: Record<HoldReason, string> = {
  quarantined: "quarantined",
  recalled: "recalled",
  expired: "expired",
  short_shelf_life: "short shelf life",
}

export function holdReasonLabel(reason: string): string {
  return REASON_LABELS[reason as HoldReason] ?? reason.replace(/_/g, " ")
}

/** "90 units held back from sale". */
export function heldUnitsText(quantity: number): string {
  return `${pluralize(quantity, "unit")} held back from sale`
}

/** The holds of one location (normally one reservation; more are summed). */
export type LocationHold = {
  location_id: string
  location_name: string
  quantity: number
  lots: HeldLot[]
}

/**
 * The holds of an item by location, locations by name. Two hold rows of one
 * location (possible for a moment, or made by hand) are summed, their lots
 * merged by lot and reason.
 */
export function holdsByLocation(holds: LotHold[]): LocationHold[] {
  const byLocation = new Map<string, LocationHold>()
  for (const h of holds) {
    if (h.quantity <= 0) {
      continue
    }
    const current = byLocation.get(h.location_id) ?? {
      location_id: h.location_id,
      location_name: h.location_name ?? h.location_id,
      quantity: 0,
      lots: [],
    }
    current.quantity += h.quantity
    for (const lot of h.lots) {
      const same = current.lots.find((l) => l.lot_id === lot.lot_id && l.reason === lot.reason)
      if (same) {
        same.quantity += lot.quantity
      } else {
        current.lots.push({ ...lot })
      }
    }
    byLocation.set(h.location_id, current)
  }
  return [...byLocation.values()].sort((a, b) => a.location_name.localeCompare(b.location_name))
}

/** "90 units at 1 location" for the section's subtitle. */
export function holdsSummaryText(locations: LocationHold[]): string {
  const units = locations.reduce((s, l) => s + l.quantity, 0)
  return `${pluralize(units, "unit")} at ${pluralize(locations.length, "location")}`
}

const ACTIONS: Record<HoldReason, string> = {
  quarantined: "release or write off the quarantined lot",
  recalled: "let the recall desk handle the recalled lot",
  expired: "write off the expired units",
  short_shelf_life: "write off the short-dated units",
}

/**
 * One line that says why held units are not for sale and what frees them,
 * naming only the actions the reasons present call for.
 */
export function holdExplanationText(reasons: string[]): string {
  const order: HoldReason[] = ["quarantined", "recalled", "expired", "short_shelf_life"]
  const present = order.filter((r) => reasons.includes(r))
  const actions = (present.length ? present.map((r) => ACTIONS[r]) : ["release, write off or let the recall desk handle them"]).join(
    "; "
  )
  return (
    `These units stay out of Medusa's available quantity through a reservation named “${HOLD_RESERVATION_NAME}”, ` +
    `so the storefront and checkout never sell them. To clear the hold: ${actions}.`
  )
}
