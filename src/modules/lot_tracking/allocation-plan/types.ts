/**
 * Operations on order-line allocations (declared in src/lib/allocation-ops.ts,
 * beside the rules that plan them), executed in one transaction by the module
 * service. Each records an undo log so a workflow that fails later can
 * restore exactly what the plan changed (compensation), and every stock
 * change is a conditional UPDATE: if the units are not there the plan fails
 * as a whole, and the CHECK constraints stay the last guard.
 */
import type { SerialState } from "../queries/serials"

export type { Actor, AllocationOp, AllocationOpKind, LineRef, OpOf } from "../../../lib/allocation-ops"

export type UndoEntry =
  | { t: "insert"; table: "lot_allocation" | "lot_movement" | "lot_shortfall"; id: string }
  | { t: "update"; table: "lot_allocation" | "lot_shortfall"; id: string; previous: Record<string, unknown> }
  | { t: "stock"; lot_id: string; location_id: string; stocked: number; reserved: number }
  | { t: "insert_many"; table: "lot_serial" | "lot_serial_movement"; ids: string[] }
  /** Serials' state before the plan changed it. */
  | { t: "serials"; rows: ({ id: string } & SerialState)[] }

export type AllocationStatus = "reserved" | "fulfilled" | "released"

export type AllocationRow = {
  id: string
  order_id: string
  line_item_id: string
  inventory_item_id: string
  lot_id: string
  location_id: string
  quantity: number
  returned_quantity: number
  status: AllocationStatus
  source: "auto" | "manual"
  fulfillment_id: string | null
  fulfilled_at: Date | null
}

export type ShortfallRow = {
  id: string
  order_id: string
  line_item_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
}

/** A `lot_movement` row as an operation records it. */
export type MovementInput = {
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
}
