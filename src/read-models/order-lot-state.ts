import { effectiveStatusSql } from "../modules/lot_tracking/queries/lot-status"
import { pgConnection, type Resolver } from "./pg"

/** One of Medusa's reservations of an order line. */
export type LineReservation = {
  line_item_id: string
  inventory_item_id: string
  location_id: string
  quantity: number
}

/** A reserved lot allocation of the order, with the fields of its lot the sync decides on (status: the lot's at the allocation's location). */
export type HeldAllocationRow = LineReservation & {
  id: string
  lot: { id: string; lot_number: string; status: string; expires_at: string | null; received_at: Date }
}

export type ShortfallLine = LineReservation & { id: string; order_id: string }

export type OrderLotState = {
  /** False when the order does not exist (or was deleted). */
  found: boolean
  /** Medusa's reservations of the order's lines (its current version, claim and exchange items included). */
  reservations: LineReservation[]
  /** The plugin's reserved allocations of the order. */
  allocations: HeldAllocationRow[]
  /** Its lines still waiting for lots. */
  shortfalls: ShortfallLine[]
}

/**
 * Everything the order sync plans from, in one statement: whether the order
 * exists, Medusa's reservations of its lines, and the plugin's reserved
 * allocations (with their lots) and shortfalls of the order. Order
 * placement runs it for every order (once to know which items to lock, once
 * under the lot lock), so it is one round trip instead of a graph query and
 * three module reads. Lines are the order's current version, as
 * `query.graph` returns them.
 */
export async function readOrderLotState(container: Resolver, orderId: string): Promise<OrderLotState> {
  const { rows } = await pgConnection(container).raw(
    `SELECT 'order' AS source, NULL AS id, NULL AS line_item_id, NULL AS inventory_item_id, NULL AS location_id, NULL::numeric AS quantity,
            NULL AS lot_id, NULL AS lot_number, NULL AS status, NULL AS expires_at, NULL::timestamptz AS received_at
       FROM "order" WHERE id = :order AND deleted_at IS NULL
     UNION ALL
     SELECT 'reservation', r.id, r.line_item_id, r.inventory_item_id, r.location_id, r.quantity, NULL, NULL, NULL, NULL, NULL
       FROM "order" o
       JOIN order_item oi ON oi.order_id = o.id AND oi.version = o.version AND oi.deleted_at IS NULL
       JOIN reservation_item r ON r.line_item_id = oi.item_id AND r.deleted_at IS NULL
      WHERE o.id = :order AND o.deleted_at IS NULL
     UNION ALL
     SELECT 'allocation', a.id, a.line_item_id, a.inventory_item_id, a.location_id, a.quantity,
            l.id, l.lot_number, ${effectiveStatusSql("l", "ls")}, l.expires_at, l.received_at
       FROM lot_allocation a JOIN lot l ON l.id = a.lot_id
       LEFT JOIN lot_stock ls ON ls.lot_id = a.lot_id AND ls.location_id = a.location_id AND ls.deleted_at IS NULL
      WHERE a.order_id = :order AND a.status = 'reserved' AND a.deleted_at IS NULL
     UNION ALL
     SELECT 'shortfall', s.id, s.line_item_id, s.inventory_item_id, s.location_id, s.quantity, NULL, NULL, NULL, NULL, NULL
       FROM lot_shortfall s WHERE s.order_id = :order AND s.deleted_at IS NULL
      ORDER BY 1, 2`,
    { order: orderId }
  )
  const state: OrderLotState = { found: false, reservations: [], allocations: [], shortfalls: [] }
  for (const r of rows) {
    const line = { line_item_id: r.line_item_id, inventory_item_id: r.inventory_item_id, location_id: r.location_id, quantity: Number(r.quantity) }
    if (r.source === "order") {
      state.found = true
    } else if (r.source === "reservation") {
      state.reservations.push(line)
    } else if (r.source === "allocation") {
      state.allocations.push({
        id: r.id,
        ...line,
        lot: { id: r.lot_id, lot_number: r.lot_number, status: r.status, expires_at: r.expires_at, received_at: r.received_at },
      })
    } else {
      state.shortfalls.push({ id: r.id, order_id: orderId, ...line })
    }
  }
  return state
}

/** A reservation (deleted ones too) with the order of its line item, if any. */
export type ReservationWithOrder = {
  line_item_id: string | null
  inventory_item_id: string
  location_id: string
  external_id: string | null
  order_id: string | null
}

/**
 * The reservation of a reservation event and the order its line belongs to,
 * in one statement (every checkout fires one such event per line).
 */
export async function readReservationOrder(container: Resolver, reservationId: string): Promise<ReservationWithOrder | null> {
  const { rows } = await pgConnection(container).raw(
    `SELECT r.line_item_id, r.inventory_item_id, r.location_id, r.external_id,
            (SELECT oi.order_id FROM order_item oi WHERE oi.item_id = r.line_item_id AND oi.deleted_at IS NULL LIMIT 1) AS order_id
       FROM reservation_item r WHERE r.id = :id`,
    { id: reservationId }
  )
  return rows[0] ?? null
}
