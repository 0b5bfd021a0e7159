import { MedusaError } from "@medusajs/framework/utils"
import { unshippable as serialUnshippable } from "../../../../lib/serial-capture"
import { firstFew, serialNumberPattern } from "../../../../lib/serial-numbers"
import {
  duplicateSerialsError,
  insertSerials,
  lockAllocationSerials,
  lockSerialNumbers,
  lockSerialsById,
  lockSerialsByNumber,
  nextSerialNumbers,
  serialPolicyOf,
  updateSerials,
  type SerialHistoryInput,
  freeAndBlocked,
  lockFreeSerials,
  lockSerialsOfLot,
  lockShippableSerials,
  takenSerialNumbers,
  type SerialRow,
} from "../../queries/serials"
import type { PlanTx } from "../plan-tx"
import type { AllocationRow, OpOf } from "../types"

/**
 * Serials inside allocation plans (docs/SERIALS.md): every change of a unit
 * happens in the same transaction as the lot units it belongs to, on rows
 * locked and checked here, so a serial is never shipped, reserved or written
 * off twice whatever runs beside it.
 */

const notAllowed = (message: string) => new MedusaError(MedusaError.Types.NOT_ALLOWED, message)

/** Why a named serial cannot leave with this line's shipment, or null: the fulfilment's own rule, plus its lot. */
function unshippable(s: SerialRow, lot_id: string, location_id: string, line_item_id: string): string | null {
  return s.lot_id !== lot_id ? "is of another lot" : serialUnshippable(s, line_item_id, location_id)
}

/** A unit no longer tied to an order line (back in stock, released). */
const OFF_ORDER = { allocation_id: null, order_id: null, line_item_id: null, fulfillment_id: null, shipped_at: null }

/** Serials named by number for a lot's units, locked; throws when one is missing or unusable. */
async function lockNamed(
  tx: PlanTx,
  input: { inventory_item_id: string; lot_id: string; location_id: string; line_item_id: string },
  numbers: string[]
): Promise<SerialRow[]> {
  const rows = await lockSerialsByNumber(tx.knex, input.inventory_item_id, numbers)
  const found = new Set(rows.map((r) => r.serial_number))
  const missing = numbers.filter((n) => !found.has(n))
  if (missing.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Unknown serial number${missing.length > 1 ? "s" : ""} of the item: ${firstFew(missing)}`)
  }
  for (const r of rows) {
    const why = unshippable(r, input.lot_id, input.location_id, input.line_item_id)
    if (why) {
      throw notAllowed(`Serial ${r.serial_number} ${why}`)
    }
  }
  return rows
}

/**
 * Units that come back without a known serial (shipped before the item was
 * serialized, or returned before their lot is known) get new serials from
 * the item's pattern, so every unit in stock has one. Nothing for an item
 * that is not serialized.
 */
async function mintSerials(
  tx: PlanTx,
  input: { lot_id: string; inventory_item_id: string; location_id: string; count: number; status?: "in_stock" | "returned" },
  history: SerialHistoryInput
): Promise<void> {
  if (input.count <= 0) {
    return
  }
  const policy = await serialPolicyOf(tx.knex, input.inventory_item_id)
  if (!policy) {
    return
  }
  await lockSerialNumbers(tx.knex)
  const pattern = serialNumberPattern(policy.serial_pattern ?? tx.serialPattern, tx.today)
  const numbers = await nextSerialNumbers(tx.knex, {
    inventory_item_id: input.inventory_item_id,
    scope: policy.serial_scope,
    sequence_key: pattern.sequenceKey,
    render: pattern.render,
    count: input.count,
  })
  const { serial_ids, history_ids } = await insertSerials(
    tx.knex,
    { lot_id: input.lot_id, inventory_item_id: input.inventory_item_id, location_id: input.location_id, serial_numbers: numbers },
    history
  )
  tx.undo.push({ t: "insert_many", table: "lot_serial_movement", ids: history_ids })
  tx.undo.push({ t: "insert_many", table: "lot_serial", ids: serial_ids })
  if (input.status === "returned") {
    await updateSerials(tx.knex, serial_ids, { status: "returned" })
  }
}

/** Ships units of a fulfilment: named serials, else those reserved for the line, then the lowest in stock. */
export async function shipSerials(
  tx: PlanTx,
  op: OpOf<"fulfill">,
  allocationId: string,
  shippedAt: Date
): Promise<void> {
  let rows: SerialRow[]
  if (op.serial_numbers?.length) {
    if (op.serial_numbers.length !== op.quantity) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `${op.serial_numbers.length} serials named for ${op.quantity} units of lot ${op.lot_id}`
      )
    }
    rows = await lockNamed(tx, op, op.serial_numbers)
  } else {
    rows = await lockShippableSerials(tx.knex, op)
    if (rows.length < op.quantity) {
      throw notAllowed(
        `Lot ${op.lot_id} has ${rows.length} serialized unit${rows.length === 1 ? "" : "s"} free at ${op.location_id}; ${op.quantity} to ship`
      )
    }
  }
  await tx.changeSerials(
    rows,
    {
      status: "shipped",
      allocation_id: allocationId,
      order_id: op.order_id,
      line_item_id: op.line_item_id,
      fulfillment_id: op.fulfillment_id,
      shipped_at: shippedAt,
    },
    { type: "shipped", reference_type: "fulfillment", reference_id: op.fulfillment_id, order_id: op.order_id, actor_id: op.actor_id }
  )
}

/** Staff's serials reserved with a lot reservation (staff pick). */
export async function reserveSerials(tx: PlanTx, op: OpOf<"reserve">, allocationId: string): Promise<void> {
  const numbers = op.serial_numbers ?? []
  if (numbers.length !== op.quantity) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${numbers.length} serials named for ${op.quantity} reserved units of lot ${op.lot_id}`)
  }
  const rows = await lockNamed(tx, op, numbers)
  const elsewhere = rows.filter((r) => r.status === "reserved")
  if (elsewhere.length) {
    // Reserved for this line already (under another of its allocations): moved to the new one.
    await releaseSerials(tx, elsewhere, "repicked")
  }
  await tx.changeSerials(
    rows.map((r) => ({ ...r, status: "in_stock" as const })),
    { status: "reserved", allocation_id: allocationId, order_id: op.order_id, line_item_id: op.line_item_id },
    { type: "reserved", reference_type: "order", reference_id: op.order_id, order_id: op.order_id, actor_id: op.actor_id }
  )
}

function releaseSerials(tx: PlanTx, rows: SerialRow[], reason: string | null, actor_id?: string | null) {
  return tx.changeSerials(
    rows,
    { status: "in_stock", ...OFF_ORDER },
    { type: "released", reference_type: "order", reference_id: rows[0]?.order_id ?? null, order_id: rows[0]?.order_id ?? null, reason, actor_id }
  )
}

/**
 * After an allocation row changed: its reserved serials may not outnumber
 * its reserved units (a partial ship or release keeps the lowest; a row no
 * longer reserved keeps none).
 */
export async function trimReservedSerials(tx: PlanTx, row: AllocationRow, actor_id?: string | null): Promise<void> {
  const reserved = await lockAllocationSerials(tx.knex, row.id, "reserved")
  if (!reserved.length) {
    // Items without serials (and picks without them) stop here: one indexed probe.
    return
  }
  const current = await tx.lockAllocation(row.id)
  const keep = current.status === "reserved" ? current.quantity : 0
  if (reserved.length > keep) {
    await releaseSerials(tx, reserved.slice(keep), null, actor_id)
  }
}

/** A canceled fulfilment: its shipped serials are back in stock where they left (units shipped without one get one). */
export async function unshipSerials(tx: PlanTx, row: AllocationRow, reason: string | null, actor_id?: string | null): Promise<void> {
  const rows = await lockAllocationSerials(tx.knex, row.id, "shipped")
  const history = { type: "fulfillment_canceled", reference_type: "fulfillment", reference_id: row.fulfillment_id, order_id: row.order_id, reason, actor_id }
  await mintSerials(
    tx,
    { lot_id: row.lot_id, inventory_item_id: row.inventory_item_id, location_id: row.location_id, count: row.quantity - rows.length },
    history
  )
  await tx.changeSerials(
    rows,
    { status: "in_stock", ...OFF_ORDER },
    {
      type: "fulfillment_canceled",
      reference_type: "fulfillment",
      reference_id: row.fulfillment_id,
      order_id: row.order_id,
      reason,
      actor_id,
    }
  )
}

/** Returned units of a shipment: named serials, else the lowest shipped on it; in stock at the return's location, or `returned` when damaged. */
export async function returnSerials(tx: PlanTx, row: AllocationRow, op: OpOf<"return_receive">): Promise<void> {
  const shipped = await lockAllocationSerials(tx.knex, row.id, "shipped")
  let rows: SerialRow[]
  if (op.serial_numbers?.length) {
    const byNumber = new Map(shipped.map((s) => [s.serial_number, s]))
    const foreign = op.serial_numbers.filter((n) => !byNumber.has(n))
    if (foreign.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Serial${foreign.length > 1 ? "s" : ""} ${firstFew(foreign)} ${foreign.length > 1 ? "were" : "was"} not shipped on this order line from lot ${row.lot_id} (or came back already)`
      )
    }
    rows = op.serial_numbers.map((n) => byNumber.get(n)!)
  } else {
    rows = shipped.slice(0, op.quantity)
  }
  const history = {
    type: op.damaged ? "returned_damaged" : "returned",
    reference_type: "return",
    reference_id: op.return_id,
    order_id: row.order_id,
    actor_id: op.actor_id,
  }
  if (rows.length < op.quantity) {
    // Units shipped before the item had serials come back with new ones.
    if (!(await serialPolicyOf(tx.knex, row.inventory_item_id))) {
      throw notAllowed(`${op.quantity} units return to lot ${row.lot_id} but ${rows.length} serials are shipped on the line`)
    }
    await mintSerials(
      tx,
      {
        lot_id: row.lot_id,
        inventory_item_id: row.inventory_item_id,
        location_id: op.location_id,
        count: op.quantity - rows.length,
        status: op.damaged ? "returned" : "in_stock",
      },
      history
    )
  }
  await tx.changeSerials(
    rows,
    op.damaged
      ? { status: "returned", location_id: op.location_id, return_id: op.return_id }
      : { status: "in_stock", location_id: op.location_id, return_id: op.return_id, ...OFF_ORDER },
    history
  )
}

/**
 * Returned units of a serialized item waiting for their lot (they came back
 * without a shipment to match) get serials in the awaiting lot, so its stock
 * has one per unit like any other lot.
 */
export async function awaitingSerials(tx: PlanTx, op: OpOf<"return_awaiting_lot">): Promise<void> {
  if (op.damaged) {
    return
  }
  await mintSerials(
    tx,
    { lot_id: op.lot_id, inventory_item_id: op.inventory_item_id, location_id: op.location_id, count: op.quantity },
    { type: "returned", reference_type: "return", reference_id: op.return_id, order_id: op.order_id, actor_id: op.actor_id }
  )
}

/**
 * Staff confirmed the lot of awaiting units: the shipment's own serials come
 * back (or, damaged, are marked returned); the stand-in serials the awaiting
 * lot gave those units are retired, and stand-ins for units the shipment has
 * no serial for move with their units to the lot.
 */
export async function confirmAwaitingSerials(tx: PlanTx, row: AllocationRow, op: OpOf<"return_lot_confirmed">): Promise<void> {
  if (!(await serialPolicyOf(tx.knex, row.inventory_item_id))) {
    return
  }
  const coming = (await lockAllocationSerials(tx.knex, row.id, "shipped")).slice(0, op.quantity)
  const history = {
    type: op.damaged ? "returned_damaged" : "returned",
    reference_type: "return",
    reference_id: op.return_id,
    order_id: row.order_id,
    actor_id: op.actor_id,
  }
  if (op.damaged) {
    await tx.changeSerials(coming, { status: "returned", location_id: op.location_id, return_id: op.return_id }, history)
    return
  }
  const standIns = await lockFreeSerials(tx.knex, op.from_lot_id, op.location_id, op.quantity)
  await tx.changeSerials(
    coming,
    { status: "in_stock", location_id: op.location_id, return_id: op.return_id, ...OFF_ORDER },
    history
  )
  await tx.changeSerials(standIns.slice(0, coming.length), { status: "written_off" }, {
    ...history,
    type: "written_off",
    reason: "stand-in replaced by the returned unit's own serial",
  })
  await tx.changeSerials(standIns.slice(coming.length), { lot_id: row.lot_id }, history)
}

/** New serials in stock (the receipt's lot stock moved in its own step). Duplicates in scope: 400, nothing created. */
export async function serialReceive(tx: PlanTx, op: OpOf<"serial_receive">): Promise<void> {
  await lockSerialNumbers(tx.knex)
  const taken = await takenSerialNumbers(tx.knex, op)
  if (taken.length) {
    throw duplicateSerialsError(taken)
  }
  const { serial_ids, history_ids } = await insertSerials(tx.knex, op, {
    type: "received",
    reference_type: op.reference_type ?? null,
    reference_id: op.reference_id ?? null,
    actor_id: op.actor_id,
  })
  tx.undo.push({ t: "insert_many", table: "lot_serial_movement", ids: history_ids })
  tx.undo.push({ t: "insert_many", table: "lot_serial", ids: serial_ids })
}

/** Serials leaving stock at a location: written off, or transferred to `to_location_id`; never reserved or shipped ones. */
export async function serialStockOut(tx: PlanTx, op: OpOf<"serial_stock_out">): Promise<void> {
  if (!op.serial_numbers.length) {
    const rows = await lockFreeSerials(tx.knex, op.lot_id, op.location_id, op.quantity ?? 0)
    if (rows.length < (op.quantity ?? 0)) {
      throw notAllowed(`Lot ${op.lot_id} has ${rows.length} serials in stock at ${op.location_id}; ${op.quantity} to take`)
    }
    return moveOut(tx, op, rows)
  }
  const rows = await lockSerialsOfLot(tx.knex, op.lot_id, op.serial_numbers)
  const found = new Set(rows.map((r) => r.serial_number))
  const missing = op.serial_numbers.filter((n) => !found.has(n))
  if (missing.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Serial${missing.length > 1 ? "s" : ""} not of lot ${op.lot_id}: ${firstFew(missing)}`)
  }
  for (const r of rows) {
    if (r.status !== "in_stock") {
      throw notAllowed(`Serial ${r.serial_number} is ${r.status.replace("_", " ")}, not in stock`)
    }
    if (r.location_id !== op.location_id) {
      throw notAllowed(`Serial ${r.serial_number} is not at ${op.location_id}`)
    }
  }
  await moveOut(tx, op, rows)
}

async function moveOut(tx: PlanTx, op: OpOf<"serial_stock_out">, rows: SerialRow[]): Promise<void> {
  const history = {
    reference_type: op.reference_type ?? null,
    reference_id: op.reference_id ?? null,
    reason: op.reason ?? null,
    actor_id: op.actor_id,
  }
  if (op.to_location_id) {
    await tx.changeSerials(rows, { location_id: op.to_location_id }, { ...history, type: "transferred" })
  } else {
    await tx.changeSerials(rows, { status: "written_off" }, { ...history, type: "written_off" })
  }
  // The lot's reservations must still be shippable with units that are not recalled.
  const after = await freeAndBlocked(tx.knex, op.lot_id, op.location_id)
  if (after.blocked > after.free) {
    throw notAllowed(
      `Lot ${op.lot_id} keeps ${after.blocked} recalled unit${after.blocked === 1 ? "" : "s"} at ${op.location_id} and its other units are reserved for orders; ` +
        `${op.to_location_id ? "transferring" : "writing off"} these would leave orders without units they can ship: write off the recalled units first`
    )
  }
}

/**
 * Recall by serial: the units are blocked where they are (in stock, or with
 * the customer: a blocked unit that comes back stays blocked). A unit staff
 * had reserved for a line is taken off it; the line's lot units stay
 * reserved and ship other serials.
 */
export async function serialBlock(tx: PlanTx, op: OpOf<"serial_block">): Promise<void> {
  const rows = (await lockSerialsById(tx.knex, op.serial_ids)).filter((r) => !r.blocked)
  const history = {
    type: "recalled",
    reference_type: "recall",
    reference_id: op.recall_id,
    reason: op.reason ?? null,
    actor_id: op.actor_id,
  }
  const reserved = rows.filter((r) => r.status === "reserved")
  await tx.changeSerials(reserved, { blocked: true, status: "in_stock", ...OFF_ORDER }, history)
  await tx.changeSerials(rows.filter((r) => r.status !== "reserved"), { blocked: true }, history)
}
