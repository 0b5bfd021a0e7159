import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * Operations on order-line allocations, executed in one transaction by the
 * module service. Each returns an undo log so a workflow that fails later can
 * restore exactly what this plan changed (compensation), and every stock
 * change is a conditional UPDATE: if the units are not there the plan fails
 * as a whole, and the CHECK constraints stay the last guard.
 */
type LineRef = { order_id: string; line_item_id: string; inventory_item_id: string }
type Actor = { actor_id?: string | null }

export type AllocationOp =
  | ({
      kind: "reserve"
      lot_id: string
      location_id: string
      quantity: number
      source?: "auto" | "manual"
      /** Why, on the `reserved` movement (e.g. `reconcile`); none for an order's own allocation. */
      reason?: string | null
    } & LineRef &
      Actor)
  | ({ kind: "release"; allocation_id: string; quantity: number; reason?: string | null } & Actor)
  | ({
      kind: "fulfill"
      /** Consume this reserved allocation; without it, take available units of the lot. */
      allocation_id?: string | null
      lot_id: string
      location_id: string
      quantity: number
      fulfillment_id: string
    } & LineRef &
      Actor)
  | ({ kind: "unfulfill"; allocation_id: string; reason?: string | null } & Actor)
  | ({ kind: "return"; allocation_id: string; quantity: number; location_id: string; return_id: string } & Actor)
  | { kind: "shortfall"; order_id: string; line_item_id: string; inventory_item_id: string; location_id: string; quantity: number }
  /**
   * Returned units of a shipment: counted as returned on the allocation; restocked into its lot at the
   * return's location, or, when `damaged`, not restocked (as Medusa) and recorded as `return_damaged`
   * (quantity 0, units in metadata).
   */
  | ({
      kind: "return_receive"
      allocation_id: string
      quantity: number
      location_id: string
      return_id: string
      damaged: boolean
      metadata?: Record<string, unknown>
    } & Actor)
  /** Returned units whose lot is not known yet: into the item's quarantined "awaiting lot confirmation" lot (damaged: recorded only). */
  | ({
      kind: "return_awaiting_lot"
      lot_id: string
      quantity: number
      location_id: string
      return_id: string
      damaged: boolean
      metadata?: Record<string, unknown>
    } & LineRef &
      Actor)
  /** Staff confirmed the lot of awaiting units: out of the awaiting lot, into the lot of this shipment, counted as returned. */
  | ({
      kind: "return_lot_confirmed"
      allocation_id: string
      from_lot_id: string
      quantity: number
      location_id: string
      return_id: string
      damaged: boolean
      metadata?: Record<string, unknown>
    } & Actor)

export type UndoEntry =
  | { t: "insert"; table: "lot_allocation" | "lot_movement" | "lot_shortfall"; id: string }
  | { t: "update"; table: "lot_allocation" | "lot_shortfall"; id: string; previous: Record<string, unknown> }
  | { t: "stock"; lot_id: string; location_id: string; stocked: number; reserved: number }

type AllocationRow = {
  id: string
  order_id: string
  line_item_id: string
  inventory_item_id: string
  lot_id: string
  location_id: string
  quantity: number
  returned_quantity: number
  status: "reserved" | "fulfilled" | "released"
  source: "auto" | "manual"
  fulfillment_id: string | null
  fulfilled_at: Date | null
}

/**
 * Units may only be reserved or shipped from a lot that is active and not
 * expired on `today`. The lot rows are read FOR SHARE inside the plan's
 * transaction: a status change (quarantine, recall) in flight makes this wait
 * and then see the new status, so a plan made on stale data is refused by the
 * database instead of shipping a blocked lot.
 */
async function assertSellable(knex: Knex, lotIds: string[], today: string, what: string) {
  const ids = [...new Set(lotIds)].sort()
  if (!ids.length) {
    return
  }
  const { rows } = await knex.raw(
    `SELECT id, lot_number, status, expires_at FROM lot
      WHERE id IN (${ids.map(() => "?").join(", ")}) AND deleted_at IS NULL ORDER BY id FOR SHARE`,
    ids
  )
  const byId = new Map(rows.map((r: { id: string }) => [r.id, r]))
  for (const id of ids) {
    const lot = byId.get(id) as { lot_number: string; status: string; expires_at: string | null } | undefined
    if (!lot) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot ${id} was not found`)
    }
    if (lot.status !== "active") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Lot ${lot.lot_number} is ${lot.status}; its units cannot be ${what}`)
    }
    if (lot.expires_at && lot.expires_at < today) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Lot ${lot.lot_number} expired on ${lot.expires_at}; its units cannot be ${what}`)
    }
  }
}

export async function executePlan(knex: Knex, ops: AllocationOp[], options: { today: string }): Promise<UndoEntry[]> {
  const undo: UndoEntry[] = []
  const { today } = options
  const stock = async (lot_id: string, location_id: string, stocked: number, reserved: number, what: string) => {
    const { rows } = await knex.raw(
      `UPDATE lot_stock SET stocked_quantity = stocked_quantity + ?, reserved_quantity = reserved_quantity + ?, updated_at = now()
        WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL
          AND stocked_quantity + ? >= reserved_quantity + ? AND reserved_quantity + ? >= 0
        RETURNING id`,
      [stocked, reserved, lot_id, location_id, stocked, reserved, reserved]
    )
    if (!rows.length) {
      if (stocked > 0 && reserved === 0) {
        await knex.raw(
          `INSERT INTO lot_stock (id, lot_id, location_id, stocked_quantity, reserved_quantity) VALUES (?, ?, ?, ?, 0)`,
          [generateEntityId(undefined, "lotstk"), lot_id, location_id, stocked]
        )
      } else {
        const { rows: cur } = await knex.raw(
          `SELECT l.lot_number, s.stocked_quantity, s.reserved_quantity FROM lot l
             LEFT JOIN lot_stock s ON s.lot_id = l.id AND s.location_id = ? AND s.deleted_at IS NULL WHERE l.id = ?`,
          [location_id, lot_id]
        )
        const c = cur[0] ?? {}
        const available = (c.stocked_quantity ?? 0) - (c.reserved_quantity ?? 0)
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Lot ${c.lot_number ?? lot_id} has only ${available} units available at location ${location_id}; cannot ${what}`
        )
      }
    }
    undo.push({ t: "stock", lot_id, location_id, stocked, reserved })
  }
  const insert = async (table: "lot_allocation" | "lot_movement" | "lot_shortfall", row: Record<string, unknown>) => {
    const prefix = { lot_allocation: "lotalc", lot_movement: "lotmov", lot_shortfall: "lotsht" }[table]
    const id = generateEntityId(undefined, prefix)
    await knex(table).insert({ id, ...row })
    undo.push({ t: "insert", table, id })
    return id
  }
  const update = async (table: "lot_allocation" | "lot_shortfall", current: Record<string, any>, patch: Record<string, unknown>) => {
    const previous: Record<string, unknown> = {}
    for (const k of Object.keys(patch)) {
      previous[k] = current[k]
    }
    await knex(table).where({ id: current.id }).update({ ...patch, updated_at: knex.fn.now() })
    undo.push({ t: "update", table, id: current.id, previous })
  }
  const movement = (row: {
    lot_id: string
    inventory_item_id: string
    location_id: string
    type: string
    quantity: number
    reference_type: string
    reference_id: string
    reason?: string | null
    actor_id?: string | null
    metadata?: Record<string, unknown>
  }) => insert("lot_movement", { ...row, metadata: row.metadata ? JSON.stringify(row.metadata) : null })
  const lockAllocation = async (id: string): Promise<AllocationRow> => {
    const { rows } = await knex.raw(`SELECT * FROM lot_allocation WHERE id = ? AND deleted_at IS NULL FOR UPDATE`, [id])
    if (!rows.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot allocation ${id} was not found`)
    }
    return rows[0]
  }
  // Takes `quantity` off an allocation row: the whole row changes status, or it is split.
  const splitOff = async (row: AllocationRow, quantity: number, patch: Partial<AllocationRow>) => {
    if (quantity === row.quantity) {
      await update("lot_allocation", row, patch)
      return row.id
    }
    await update("lot_allocation", row, { quantity: row.quantity - quantity })
    const { id: _id, ...rest } = row
    return insert("lot_allocation", { ...rest, returned_quantity: 0, ...patch, quantity })
  }

  // Order placement is only reserves (and shortfalls): do them in three statements, not three per lot,
  // since this runs while core's checkout waits on the same item lock.
  const reserves = ops.filter((op): op is Extract<AllocationOp, { kind: "reserve" }> => op.kind === "reserve")
  const onlyReserves = ops.every((op) => op.kind === "reserve" || op.kind === "shortfall")
  if (onlyReserves && reserves.length > 1) {
    await assertSellable(knex, reserves.map((r) => r.lot_id), today, "reserved")
    await reserveInBatch(knex, reserves, undo)
    ops = ops.filter((op) => op.kind !== "reserve")
  }

  for (const op of ops) {
    switch (op.kind) {
      case "reserve": {
        await assertSellable(knex, [op.lot_id], today, "reserved")
        await stock(op.lot_id, op.location_id, 0, op.quantity, `reserve ${op.quantity}`)
        const id = await insert("lot_allocation", {
          order_id: op.order_id,
          line_item_id: op.line_item_id,
          inventory_item_id: op.inventory_item_id,
          lot_id: op.lot_id,
          location_id: op.location_id,
          quantity: op.quantity,
          status: "reserved",
          source: op.source ?? "auto",
        })
        await movement({
          lot_id: op.lot_id,
          inventory_item_id: op.inventory_item_id,
          location_id: op.location_id,
          type: "reserved",
          quantity: op.quantity,
          reference_type: "order",
          reference_id: op.order_id,
          reason: op.reason ?? null,
          actor_id: op.actor_id,
          metadata: { line_item_id: op.line_item_id, allocation_id: id },
        })
        break
      }
      case "release": {
        const row = await lockAllocation(op.allocation_id)
        if (row.status !== "reserved" || row.quantity < op.quantity) {
          throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} has no ${op.quantity} reserved units to release`)
        }
        await stock(row.lot_id, row.location_id, 0, -op.quantity, `release ${op.quantity}`)
        await splitOff(row, op.quantity, { status: "released" })
        await movement({
          lot_id: row.lot_id,
          inventory_item_id: row.inventory_item_id,
          location_id: row.location_id,
          type: "released",
          quantity: -op.quantity,
          reference_type: "order",
          reference_id: row.order_id,
          reason: op.reason ?? null,
          actor_id: op.actor_id,
          metadata: { line_item_id: row.line_item_id, allocation_id: row.id },
        })
        break
      }
      case "fulfill": {
        await assertSellable(knex, [op.lot_id], today, "shipped")
        let allocationId: string
        if (op.allocation_id) {
          const row = await lockAllocation(op.allocation_id)
          if (row.status !== "reserved" || row.quantity < op.quantity || row.location_id !== op.location_id) {
            throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} cannot ship ${op.quantity} units from ${op.location_id}`)
          }
          await stock(row.lot_id, row.location_id, -op.quantity, -op.quantity, `ship ${op.quantity}`)
          allocationId = await splitOff(row, op.quantity, {
            status: "fulfilled",
            fulfillment_id: op.fulfillment_id,
            fulfilled_at: new Date(),
          })
        } else {
          await stock(op.lot_id, op.location_id, -op.quantity, 0, `ship ${op.quantity}`)
          allocationId = await insert("lot_allocation", {
            order_id: op.order_id,
            line_item_id: op.line_item_id,
            inventory_item_id: op.inventory_item_id,
            lot_id: op.lot_id,
            location_id: op.location_id,
            quantity: op.quantity,
            status: "fulfilled",
            source: "manual",
            fulfillment_id: op.fulfillment_id,
            fulfilled_at: new Date(),
          })
        }
        await movement({
          lot_id: op.lot_id,
          inventory_item_id: op.inventory_item_id,
          location_id: op.location_id,
          type: "fulfilled",
          quantity: -op.quantity,
          reference_type: "fulfillment",
          reference_id: op.fulfillment_id,
          actor_id: op.actor_id,
          metadata: { order_id: op.order_id, line_item_id: op.line_item_id, allocation_id: allocationId },
        })
        break
      }
      case "unfulfill": {
        const row = await lockAllocation(op.allocation_id)
        if (row.status !== "fulfilled" || row.returned_quantity > 0) {
          throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} is not a shipment that can be canceled`)
        }
        await stock(row.lot_id, row.location_id, row.quantity, row.quantity, `restore ${row.quantity}`)
        await update("lot_allocation", row, { status: "reserved", fulfillment_id: null, fulfilled_at: null })
        await movement({
          lot_id: row.lot_id,
          inventory_item_id: row.inventory_item_id,
          location_id: row.location_id,
          type: "fulfillment_canceled",
          quantity: row.quantity,
          reference_type: "fulfillment",
          reference_id: row.fulfillment_id!,
          reason: op.reason ?? null,
          actor_id: op.actor_id,
          metadata: { order_id: row.order_id, line_item_id: row.line_item_id, allocation_id: row.id },
        })
        break
      }
      case "return": {
        const row = await lockAllocation(op.allocation_id)
        if (row.status !== "fulfilled" || row.quantity - row.returned_quantity < op.quantity) {
          throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} has no ${op.quantity} shipped units left to return`)
        }
        await update("lot_allocation", row, { returned_quantity: row.returned_quantity + op.quantity })
        await stock(row.lot_id, op.location_id, op.quantity, 0, `return ${op.quantity}`)
        await movement({
          lot_id: row.lot_id,
          inventory_item_id: row.inventory_item_id,
          location_id: op.location_id,
          type: "returned",
          quantity: op.quantity,
          reference_type: "return",
          reference_id: op.return_id,
          actor_id: op.actor_id,
          metadata: { order_id: row.order_id, line_item_id: row.line_item_id, allocation_id: row.id },
        })
        break
      }
      case "return_receive": {
        const row = await lockAllocation(op.allocation_id)
        if (row.status !== "fulfilled" || row.quantity - row.returned_quantity < op.quantity) {
          throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} has no ${op.quantity} shipped units left to return`)
        }
        await update("lot_allocation", row, { returned_quantity: row.returned_quantity + op.quantity })
        if (!op.damaged) {
          await stock(row.lot_id, op.location_id, op.quantity, 0, `return ${op.quantity}`)
        }
        await movement({
          lot_id: row.lot_id,
          inventory_item_id: row.inventory_item_id,
          location_id: op.location_id,
          type: op.damaged ? "return_damaged" : "returned",
          quantity: op.damaged ? 0 : op.quantity,
          reference_type: "return",
          reference_id: op.return_id,
          actor_id: op.actor_id,
          metadata: { ...op.metadata, order_id: row.order_id, line_item_id: row.line_item_id, allocation_id: row.id, units: op.quantity, damaged: op.damaged },
        })
        break
      }
      case "return_awaiting_lot": {
        // The awaiting lot must be blocked, so its units are held back from sale until their lot is confirmed.
        const { rows: awaiting } = await knex.raw(`SELECT status FROM lot WHERE id = ? AND deleted_at IS NULL FOR SHARE`, [op.lot_id])
        if (!awaiting[0] || awaiting[0].status === "active") {
          throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Lot ${op.lot_id} is not a blocked lot; returned units cannot await their lot there`)
        }
        if (!op.damaged) {
          await stock(op.lot_id, op.location_id, op.quantity, 0, `take ${op.quantity} returned units`)
        }
        await movement({
          lot_id: op.lot_id,
          inventory_item_id: op.inventory_item_id,
          location_id: op.location_id,
          type: "return_awaiting_lot",
          quantity: op.damaged ? 0 : op.quantity,
          reference_type: "return",
          reference_id: op.return_id,
          actor_id: op.actor_id,
          metadata: { ...op.metadata, order_id: op.order_id, line_item_id: op.line_item_id, units: op.quantity, damaged: op.damaged },
        })
        break
      }
      case "return_lot_confirmed": {
        const row = await lockAllocation(op.allocation_id)
        if (row.status !== "fulfilled" || row.quantity - row.returned_quantity < op.quantity) {
          throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} has no ${op.quantity} shipped units left to return`)
        }
        await update("lot_allocation", row, { returned_quantity: row.returned_quantity + op.quantity })
        if (!op.damaged) {
          await stock(op.from_lot_id, op.location_id, -op.quantity, 0, `move ${op.quantity} returned units to their lot`)
          await stock(row.lot_id, op.location_id, op.quantity, 0, `return ${op.quantity}`)
        }
        const base = { ...op.metadata, order_id: row.order_id, line_item_id: row.line_item_id, allocation_id: row.id, units: op.quantity, damaged: op.damaged }
        await movement({
          lot_id: op.from_lot_id,
          inventory_item_id: row.inventory_item_id,
          location_id: op.location_id,
          type: "return_lot_confirmed",
          quantity: op.damaged ? 0 : -op.quantity,
          reference_type: "return",
          reference_id: op.return_id,
          actor_id: op.actor_id,
          metadata: { ...base, to_lot_id: row.lot_id },
        })
        await movement({
          lot_id: row.lot_id,
          inventory_item_id: row.inventory_item_id,
          location_id: op.location_id,
          type: op.damaged ? "return_damaged" : "returned",
          quantity: op.damaged ? 0 : op.quantity,
          reference_type: "return",
          reference_id: op.return_id,
          actor_id: op.actor_id,
          metadata: { ...base, confirmed_from_lot_id: op.from_lot_id },
        })
        break
      }
      case "shortfall": {
        const { rows } = await knex.raw(
          `SELECT * FROM lot_shortfall WHERE line_item_id = ? AND inventory_item_id = ? AND deleted_at IS NULL FOR UPDATE`,
          [op.line_item_id, op.inventory_item_id]
        )
        const current = rows[0]
        if (current && op.quantity > 0) {
          await update("lot_shortfall", current, { quantity: op.quantity, location_id: op.location_id })
        } else if (current) {
          await update("lot_shortfall", current, { deleted_at: new Date() })
        } else if (op.quantity > 0) {
          await insert("lot_shortfall", {
            order_id: op.order_id,
            line_item_id: op.line_item_id,
            inventory_item_id: op.inventory_item_id,
            location_id: op.location_id,
            quantity: op.quantity,
          })
        }
        break
      }
    }
  }
  return undo
}

async function reserveInBatch(knex: Knex, reserves: Extract<AllocationOp, { kind: "reserve" }>[], undo: UndoEntry[]) {
  const perStock = new Map<string, { lot_id: string; location_id: string; quantity: number }>()
  for (const r of reserves) {
    const key = `${r.lot_id}:${r.location_id}`
    const entry = perStock.get(key) ?? { lot_id: r.lot_id, location_id: r.location_id, quantity: 0 }
    entry.quantity += r.quantity
    perStock.set(key, entry)
  }
  const pairs = [...perStock.values()]
  const { rows } = await knex.raw(
    `UPDATE lot_stock s SET reserved_quantity = s.reserved_quantity + v.q, updated_at = now()
       FROM (VALUES ${pairs.map(() => "(?, ?, ?::int)").join(", ")}) AS v(lot_id, location_id, q)
      WHERE s.lot_id = v.lot_id AND s.location_id = v.location_id AND s.deleted_at IS NULL
        AND s.stocked_quantity - s.reserved_quantity >= v.q
      RETURNING s.lot_id, s.location_id`,
    pairs.flatMap((p) => [p.lot_id, p.location_id, p.quantity])
  )
  if (rows.length !== pairs.length) {
    const done = new Set(rows.map((r: { lot_id: string; location_id: string }) => `${r.lot_id}:${r.location_id}`))
    const missing = pairs.find((p) => !done.has(`${p.lot_id}:${p.location_id}`))!
    // The transaction rolls back the pairs that did update.
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Lot ${missing.lot_id} has fewer than ${missing.quantity} units available at location ${missing.location_id}; cannot reserve them`
    )
  }
  for (const p of pairs) {
    undo.push({ t: "stock", lot_id: p.lot_id, location_id: p.location_id, stocked: 0, reserved: p.quantity })
  }
  const allocations = reserves.map((r) => ({
    id: generateEntityId(undefined, "lotalc"),
    order_id: r.order_id,
    line_item_id: r.line_item_id,
    inventory_item_id: r.inventory_item_id,
    lot_id: r.lot_id,
    location_id: r.location_id,
    quantity: r.quantity,
    status: "reserved",
    source: r.source ?? "auto",
  }))
  const movements = reserves.map((r, i) => ({
    id: generateEntityId(undefined, "lotmov"),
    lot_id: r.lot_id,
    inventory_item_id: r.inventory_item_id,
    location_id: r.location_id,
    type: "reserved",
    quantity: r.quantity,
    reference_type: "order",
    reference_id: r.order_id,
    reason: r.reason ?? null,
    actor_id: r.actor_id ?? null,
    metadata: JSON.stringify({ line_item_id: r.line_item_id, allocation_id: allocations[i].id }),
  }))
  await knex("lot_allocation").insert(allocations)
  await knex("lot_movement").insert(movements)
  undo.push(...allocations.map((a) => ({ t: "insert" as const, table: "lot_allocation" as const, id: a.id })))
  undo.push(...movements.map((m) => ({ t: "insert" as const, table: "lot_movement" as const, id: m.id })))
}

/** Restores what `executePlan` changed, newest first. */
export async function revertPlan(knex: Knex, undo: UndoEntry[]): Promise<void> {
  for (const entry of [...undo].reverse()) {
    if (entry.t === "insert") {
      await knex(entry.table).where({ id: entry.id }).delete()
    } else if (entry.t === "update") {
      await knex(entry.table).where({ id: entry.id }).update(entry.previous)
    } else {
      await knex.raw(
        `UPDATE lot_stock SET stocked_quantity = stocked_quantity - ?, reserved_quantity = reserved_quantity - ?, updated_at = now()
          WHERE lot_id = ? AND location_id = ? AND deleted_at IS NULL`,
        [entry.stocked, entry.reserved, entry.lot_id, entry.location_id]
      )
    }
  }
}
