/**
 * Which serials a fulfilment ships (docs/SERIALS.md, "Fulfilment"). Staff
 * name them (`additional_data.serials`), or the line's serials reserved by a
 * staff pick are taken, or, with `serial_capture: "auto"`, the plugin takes
 * them when it ships (lowest first, see the module's fulfil operation). The
 * serials decide the lots: this turns them into named lots for the
 * fulfilment plan and hands each fulfil operation its serials.
 *
 * Pure: the fulfilment step reads the named and reserved serials under the
 * item lock and calls these.
 */
import type { AllocationOp } from "./allocation-ops"
import type { FulfilledItem, NamedFulfillmentLot } from "./fulfillment-plan"
import { invalidData } from "./plan-refusal"
import { duplicateSerials, firstFew } from "./serial-numbers"

/** A serial as the fulfilment checks it. */
export type SerialFact = {
  serial_number: string
  inventory_item_id: string
  lot_id: string
  location_id: string | null
  status: "in_stock" | "reserved" | "shipped" | "returned" | "written_off"
  blocked: boolean
  line_item_id: string | null
}

export type NamedSerials = { line_item_id: string; serial_numbers: string[] }

export type SerialPolicy = { tracked: boolean; serialized: boolean; serial_capture: "required" | "auto" }

export type SerialCapture = {
  /** Lots the serials decide, per line (these lines' `additional_data.lots` are replaced). */
  lots: NamedFulfillmentLot[]
  /** Serial numbers per `line_item_id|lot_id`, in the order they are handed to the fulfil operations. */
  serials: Map<string, string[]>
}

const key = (line_item_id: string, lot_id: string) => `${line_item_id}|${lot_id}`
const units = (n: number) => `${n} unit${n === 1 ? "" : "s"}`

/** Why a serial cannot ship with this line from this location, or null (also the module's last check). */
export function unshippable(s: SerialFact, line_item_id: string, location_id: string | null): string | null {
  if (s.blocked) {
    return "is blocked by a recall"
  }
  if (s.status === "reserved" && s.line_item_id !== line_item_id) {
    return "is reserved for another order line"
  }
  if (s.status !== "in_stock" && s.status !== "reserved") {
    return `is ${s.status.replace("_", " ")}`
  }
  if (location_id && s.location_id !== location_id) {
    return `is at another stock location (${s.location_id}), not at ${location_id}`
  }
  return null
}

export function planSerialCapture(input: {
  /** The fulfilment's tracked items (kit parts as their own items). */
  items: (FulfilledItem & { inventory_item_id: string })[]
  policies: Map<string, SerialPolicy>
  named: NamedSerials[]
  /** The named serials that exist (any item of the fulfilment). */
  found: SerialFact[]
  /** Serials reserved for the fulfilment's lines (staff picks). */
  reserved: SerialFact[]
  /** Where the units ship from, when known. */
  location_id: string | null
}): SerialCapture {
  const { items, policies } = input
  const serialized = items.filter((i) => policies.get(i.inventory_item_id)?.serialized)

  const twice = duplicateSerials(input.named.flatMap((n) => n.serial_numbers))
  if (twice.length) {
    throw invalidData(`additional_data.serials names ${firstFew(twice)} more than once`)
  }
  for (const n of input.named) {
    if (!items.some((i) => i.line_item_id === n.line_item_id)) {
      throw invalidData(`additional_data.serials names line item ${n.line_item_id}, which is not in this fulfillment`)
    }
    if (!serialized.some((i) => i.line_item_id === n.line_item_id)) {
      throw invalidData(`Line item ${n.line_item_id} is not serialized; remove it from additional_data.serials`)
    }
  }

  const lots = new Map<string, NamedFulfillmentLot>()
  const serials = new Map<string, string[]>()
  const use = (line_item_id: string, facts: SerialFact[]) => {
    for (const s of facts) {
      const k = key(line_item_id, s.lot_id)
      const lot = lots.get(k) ?? { line_item_id, lot_id: s.lot_id, quantity: 0 }
      lot.quantity++
      lots.set(k, lot)
      const list = serials.get(k)
      if (list) {
        list.push(s.serial_number)
      } else {
        serials.set(k, [s.serial_number])
      }
    }
  }

  // Every named serial must be a serial of one of its line's serialized items (a kit line: any part).
  const factsByNumber = new Map<string, SerialFact[]>()
  for (const f of input.found) {
    const list = factsByNumber.get(f.serial_number)
    if (list) {
      list.push(f)
    } else {
      factsByNumber.set(f.serial_number, [f])
    }
  }
  const factsByItem = new Map<string, SerialFact[]>()
  for (const n of input.named) {
    const lineItems = serialized.filter((i) => i.line_item_id === n.line_item_id).map((i) => i.inventory_item_id)
    const unknown: string[] = []
    for (const name of n.serial_numbers) {
      const fact = factsByNumber.get(name)?.find((f) => lineItems.includes(f.inventory_item_id))
      if (!fact) {
        unknown.push(name)
        continue
      }
      const why = unshippable(fact, n.line_item_id, input.location_id)
      if (why) {
        throw invalidData(`Serial ${fact.serial_number} ${why}`)
      }
      const k = `${n.line_item_id}|${fact.inventory_item_id}`
      const list = factsByItem.get(k)
      if (list) {
        list.push(fact)
      } else {
        factsByItem.set(k, [fact])
      }
    }
    if (unknown.length) {
      throw invalidData(
        `${firstFew(unknown)}: not ${unknown.length > 1 ? "serials" : "a serial"} of the item of line item ${n.line_item_id}`
      )
    }
  }

  for (const item of serialized) {
    const policy = policies.get(item.inventory_item_id)!
    const facts = factsByItem.get(`${item.line_item_id}|${item.inventory_item_id}`)
    if (facts) {
      if (facts.length !== item.quantity) {
        throw invalidData(
          `additional_data.serials names ${units(facts.length)} of inventory item ${item.inventory_item_id} for line item ${item.line_item_id}, but ${item.quantity} are being fulfilled`
        )
      }
      use(item.line_item_id, facts)
      continue
    }
    const picked = input.reserved
      .filter(
        (s) =>
          s.line_item_id === item.line_item_id &&
          s.inventory_item_id === item.inventory_item_id &&
          !unshippable(s, item.line_item_id, input.location_id)
      )
      .sort((a, b) => (a.serial_number < b.serial_number ? -1 : a.serial_number > b.serial_number ? 1 : 0))
    if (picked.length >= item.quantity) {
      use(item.line_item_id, picked.slice(0, item.quantity))
    } else if (policy.serial_capture === "required") {
      throw invalidData(
        `Serial capture is required for inventory item ${item.inventory_item_id}: name the serials of the ${units(item.quantity)} of line item ${item.line_item_id} in additional_data.serials`
      )
    }
  }
  return { lots: [...lots.values()], serials }
}

/**
 * Hands each fulfil operation of a serialized item its serials (in plan
 * order); operations of lines without named serials take theirs when they
 * ship (reserved for the line first, then the lowest in stock).
 */
export function attachSerials(ops: AllocationOp[], capture: SerialCapture, isSerialized: (inventoryItemId: string) => boolean): AllocationOp[] {
  const left = new Map([...capture.serials].map(([k, v]) => [k, [...v]]))
  return ops.map((op) => {
    if (op.kind !== "fulfill" || !isSerialized(op.inventory_item_id)) {
      return op
    }
    const names = left.get(key(op.line_item_id, op.lot_id))
    return { ...op, serialized: true, serial_numbers: names ? names.splice(0, op.quantity) : null }
  })
}
