/**
 * Filling shortfalls when stock arrives: order lines that no lot could cover
 * wait as shortfalls; when units are received, released from quarantine or
 * returned into an eligible lot at their location, they are reserved for
 * those lines, oldest order first, each line by its item's strategy. Pure, so
 * the order of service is tested without a database.
 */
import type { CalendarDate } from "./calendar-date"
import { chooseLots, type CandidateLot, type LotChoicePolicy, type LotPick } from "./lot-choice"

export type WaitingLine = {
  order_id: string
  line_item_id: string
  inventory_item_id: string
  location_id: string
  /** Units still without a lot. */
  quantity: number
}

export type LineFill = { line: WaitingLine; picks: LotPick[]; remaining: number }

/**
 * Serves `lines` in the order given (the caller sorts oldest order first)
 * from the candidates of their (item, location), never giving a unit twice.
 * Lines nothing can serve are left out.
 */
export function planShortfallFill(
  lines: WaitingLine[],
  candidatesFor: (inventoryItemId: string, locationId: string) => CandidateLot[],
  policyFor: (inventoryItemId: string) => LotChoicePolicy,
  today: CalendarDate
): LineFill[] {
  const used = new Map<string, number>()
  const fills: LineFill[] = []
  for (const line of lines) {
    if (line.quantity <= 0) {
      continue
    }
    const candidates = candidatesFor(line.inventory_item_id, line.location_id).map((c) => ({
      ...c,
      available: Math.max(0, c.available - (used.get(`${c.lot_id}:${line.location_id}`) ?? 0)),
    }))
    const choice = chooseLots(line.quantity, candidates, policyFor(line.inventory_item_id), today)
    if (!choice.picks.length) {
      continue
    }
    for (const pick of choice.picks) {
      const k = `${pick.lot_id}:${line.location_id}`
      used.set(k, (used.get(k) ?? 0) + pick.quantity)
    }
    fills.push({ line, picks: choice.picks, remaining: choice.shortfall })
  }
  return fills
}
