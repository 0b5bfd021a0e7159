import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import { DEFAULT_SERIAL_PATTERN } from "../../../lib/serial-numbers"
import type { Knex } from "../queries/knex"
import { changeStock } from "../queries/lot-stock"
import { assertSellable } from "../queries/lot-status"
import {
  insertSerialHistory,
  SERIAL_STATE_COLUMNS,
  updateSerials,
  type SerialHistoryInput,
  type SerialRow,
  type SerialState,
} from "../queries/serials"
import type { AllocationRow, AllocationStatus, LineRef, MovementInput, UndoEntry } from "./types"

type InsertTable = "lot_allocation" | "lot_movement" | "lot_shortfall"
type UpdateTable = "lot_allocation" | "lot_shortfall"

const ID_PREFIX: Record<InsertTable, string> = { lot_allocation: "lotalc", lot_movement: "lotmov", lot_shortfall: "lotsht" }

/** The fields of a new `lot_allocation` row: the one place that lists them. */
export function newAllocation(
  line: LineRef & { lot_id: string; location_id: string; quantity: number },
  status: AllocationStatus,
  source: "auto" | "manual",
  extra: { fulfillment_id?: string; fulfilled_at?: Date } = {}
) {
  return {
    order_id: line.order_id,
    line_item_id: line.line_item_id,
    inventory_item_id: line.inventory_item_id,
    lot_id: line.lot_id,
    location_id: line.location_id,
    quantity: line.quantity,
    status,
    source,
    ...extra,
  }
}

/** A `lot_movement` row ready to insert (metadata as JSON text). */
export function movementRow(row: MovementInput) {
  return { ...row, metadata: row.metadata ? JSON.stringify(row.metadata) : null }
}

/**
 * What an operation may do inside a plan's transaction. Every write goes
 * through here and appends to the undo log, so `revertPlan` can restore
 * exactly what the plan changed.
 */
export function createPlanTx(knex: Knex, undo: UndoEntry[], today: string, serialPattern = DEFAULT_SERIAL_PATTERN) {
  const insert = async (table: InsertTable, row: Record<string, unknown>): Promise<string> => {
    const id = generateEntityId(undefined, ID_PREFIX[table])
    await knex(table).insert({ id, ...row })
    undo.push({ t: "insert", table, id })
    return id
  }

  const update = async (table: UpdateTable, current: { id: string } & Record<string, unknown>, patch: Record<string, unknown>) => {
    const previous: Record<string, unknown> = {}
    for (const k of Object.keys(patch)) {
      previous[k] = current[k]
    }
    await knex(table).where({ id: current.id }).update({ ...patch, updated_at: knex.fn.now() })
    undo.push({ t: "update", table, id: current.id, previous })
  }

  const tx = {
    knex,
    today,
    /** The plugin's default serial pattern (items without their own), for serials the plan must mint. */
    serialPattern,
    /** The plan's undo log, for operations that write in bulk. */
    undo,

    /** Signed change of stocked and reserved units of a lot at a location; refused (nothing changed) when the units are not there. */
    async stock(lot_id: string, location_id: string, stocked: number, reserved: number, action: string): Promise<void> {
      await changeStock(knex, { lot_id, location_id, stocked, reserved }, action)
      undo.push({ t: "stock", lot_id, location_id, stocked, reserved })
    },

    insert,
    update,

    /** Records a ledger movement. */
    movement: (row: MovementInput) => insert("lot_movement", movementRow(row)),

    /**
     * Changes serials (one patch for all) and writes one history entry each;
     * their previous state goes to the undo log.
     */
    async changeSerials(rows: SerialRow[], patch: Partial<SerialState>, history: SerialHistoryInput): Promise<void> {
      if (!rows.length) {
        return
      }
      undo.push({
        t: "serials",
        rows: rows.map((r) => {
          const previous = { id: r.id } as { id: string } & SerialState
          for (const c of SERIAL_STATE_COLUMNS) {
            ;(previous as Record<string, unknown>)[c] = r[c]
          }
          return previous
        }),
      })
      await updateSerials(knex, rows.map((r) => r.id), patch)
      const ids = await insertSerialHistory(
        knex,
        rows.map((r) => ({ serial_id: r.id, lot_id: r.lot_id, location_id: patch.location_id ?? r.location_id })),
        history
      )
      undo.push({ t: "insert_many", table: "lot_serial_movement", ids })
    },

    /** Refuses lots that are blocked or expired today, or blocked at the location by a scoped recall (see `assertSellable`). */
    assertSellable: (lotIds: string[], what: string, locationId?: string | null) => assertSellable(knex, lotIds, today, what, locationId),

    /** The allocation row, locked for the rest of the transaction. */
    async lockAllocation(id: string): Promise<AllocationRow> {
      const { rows } = await knex.raw(`SELECT * FROM lot_allocation WHERE id = ? AND deleted_at IS NULL FOR UPDATE`, [id])
      if (!rows.length) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Lot allocation ${id} was not found`)
      }
      return rows[0]
    },

    /** A shipment (fulfilled allocation) with at least `quantity` units not yet returned, locked. */
    async lockReturnable(id: string, quantity: number): Promise<AllocationRow> {
      const row = await tx.lockAllocation(id)
      if (row.status !== "fulfilled" || row.quantity - row.returned_quantity < quantity) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Allocation ${row.id} has no ${quantity} shipped units left to return`)
      }
      return row
    },

    /** Takes `quantity` off an allocation row: the whole row changes, or the units are split off into a new row. Returns the changed row's id. */
    async splitOff(row: AllocationRow, quantity: number, patch: Partial<AllocationRow>): Promise<string> {
      if (quantity === row.quantity) {
        await update("lot_allocation", row, patch)
        return row.id
      }
      await update("lot_allocation", row, { quantity: row.quantity - quantity })
      const { id: _id, ...rest } = row
      return insert("lot_allocation", { ...rest, returned_quantity: 0, ...patch, quantity })
    },
  }
  return tx
}

export type PlanTx = ReturnType<typeof createPlanTx>
