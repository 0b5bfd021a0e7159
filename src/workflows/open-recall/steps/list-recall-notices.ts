import { generateEntityId } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { listShipments, pg, type Shipment } from "../../../api/utils/trace-query"

export type AffectedSummary = {
  orders: number
  customers: number
  units: number
  with_email: number
  without_email: number
  /** How long the listing took: reading the shipments, writing the notices. */
  duration_ms?: { read: number; write: number }
}

export type NoticeLine = {
  lot_id: string
  lot_number: string
  inventory_item_id: string
  product_title: string | null
  sku: string | null
  quantity: number
  returned_quantity: number
  fulfillment_id: string | null
  shipped_at: string | null
  location_id: string
  location_name: string | null
}

export const listRecallNoticesStepId = "list-recall-notices"

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/**
 * `count` distinct ids shaped like Medusa's (`<prefix>_<ULID>`): the first
 * from `generateEntityId`, the next ones by incrementing its random part, as
 * a monotonic ULID generator does. `generateEntityId` costs ~0.25 ms an id,
 * which is seconds for a recall of ten thousand orders.
 */
export function sequentialEntityIds(prefix: string, count: number): string[] {
  if (count <= 0) {
    return []
  }
  const first = generateEntityId(undefined, prefix)
  const cut = first.lastIndexOf("_") + 1
  const head = first.slice(0, cut)
  const ulid = first.slice(cut).toUpperCase()
  const digits = ulid.slice(10).split("").map((c) => CROCKFORD.indexOf(c))
  const ids = [first]
  for (let n = 1; n < count; n++) {
    let i = digits.length - 1
    while (i >= 0 && digits[i] === 31) {
      digits[i] = 0
      i--
    }
    if (i < 0) {
      // The 80 random bits overflowed (practically never): start from a fresh id.
      ids.push(generateEntityId(undefined, prefix))
      continue
    }
    digits[i]++
    ids.push(head + ulid.slice(0, 10) + digits.map((d) => CROCKFORD[d]).join(""))
  }
  return ids
}

/** One notice per affected order, from that order's shipments of the recalled lots. */
export function noticesFromShipments(recallId: string, shipments: Shipment[]) {
  const byOrder = new Map<string, Shipment[]>()
  for (const s of shipments) {
    const rows = byOrder.get(s.order.id)
    if (rows) {
      rows.push(s)
    } else {
      byOrder.set(s.order.id, [s])
    }
  }
  const ids = sequentialEntityIds("rclntc", byOrder.size)
  return [...byOrder.entries()].map(([orderId, rows], index) => {
    const first = rows[0]
    const shippedAt = rows
      .map((r) => r.shipped_at ?? r.fulfilled_at)
      .filter((d): d is string => Boolean(d))
      .sort()
    const lines: NoticeLine[] = rows.map((r) => ({
      lot_id: r.lot.id,
      lot_number: r.lot.lot_number,
      inventory_item_id: r.inventory_item.id,
      product_title: r.product.title ?? r.inventory_item.title,
      sku: r.product.sku,
      quantity: r.quantity,
      returned_quantity: r.returned_quantity,
      fulfillment_id: r.fulfillment_id,
      shipped_at: r.shipped_at ?? r.fulfilled_at,
      location_id: r.ship_from.location_id,
      location_name: r.ship_from.name,
    }))
    return {
      id: ids[index],
      recall_id: recallId,
      order_id: orderId,
      order_display_id: first.order.display_id,
      customer_id: first.customer.id,
      email: first.customer.email,
      name: first.customer.name,
      phone: first.customer.phone,
      ship_to: first.ship_to,
      lines,
      quantity: rows.reduce((s, r) => s + r.quantity, 0),
      returned_quantity: rows.reduce((s, r) => s + r.returned_quantity, 0),
      first_shipped_at: shippedAt[0] ?? null,
      status: "pending" as const,
    }
  })
}

/**
 * (c) of a recall: the complete list of affected orders, one notice each
 * (customer contact, ship-to as shipped, units, lots, ship dates), read with
 * the one-statement trace query and written in bulk so that a lot shipped
 * to ten thousand orders is listed in well under a second. Compensation
 * deletes the notices.
 */
export const listRecallNoticesStep = createStep(
  listRecallNoticesStepId,
  async (input: { recall_id: string; lot_ids: string[] }, { container }) => {
    const started = Date.now()
    const shipments = await listShipments(container, input.lot_ids)
    const notices = noticesFromShipments(input.recall_id, shipments)
    const read = Date.now() - started
    // Written as one INSERT per half, side by side on two connections; the
    // rows travel as one JSON document each (a multi-row INSERT with ~20
    // bindings per notice is several times slower).
    const knex = pg(container)
    const half = Math.ceil(notices.length / 2)
    await Promise.all(
      [notices.slice(0, half), notices.slice(half)]
        .filter((part) => part.length)
        .map((part) =>
          knex.raw(
            `INSERT INTO recall_notice (id, recall_id, order_id, order_display_id, customer_id, email, name, phone, ship_to, lines,
                                        quantity, returned_quantity, first_shipped_at, status, created_at, updated_at)
             SELECT id, recall_id, order_id, order_display_id, customer_id, email, name, phone, ship_to, lines,
                    quantity, returned_quantity, first_shipped_at, status, now(), now()
               FROM jsonb_to_recordset(?::jsonb) AS x(id text, recall_id text, order_id text, order_display_id int, customer_id text,
                    email text, name text, phone text, ship_to jsonb, lines jsonb, quantity int, returned_quantity int,
                    first_shipped_at timestamptz, status text)`,
            [JSON.stringify(part)]
          )
        )
    )
    const customers = new Set(notices.map((n) => n.customer_id ?? n.email?.toLowerCase() ?? n.order_id))
    const summary: AffectedSummary = {
      orders: notices.length,
      customers: customers.size,
      units: notices.reduce((s, n) => s + n.quantity, 0),
      with_email: notices.filter((n) => n.email).length,
      without_email: notices.filter((n) => !n.email).length,
      duration_ms: { read, write: Date.now() - started - read },
    }
    return new StepResponse(summary, input.recall_id)
  },
  async (recallId, { container }) => {
    if (recallId) {
      await pg(container)("recall_notice").where({ recall_id: recallId }).delete()
    }
  }
)
