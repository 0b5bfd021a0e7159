import { MedusaError } from "@medusajs/framework/utils"
import type { PackingSlip, PackingSlipAddress, PackingSlipLine, PackingSlipLot } from "../types/http"
import { iso, pgConnection, type Resolver } from "./pg"

/**
 * Packing slips (docs/DOCUMENTS.md): an order's lines with the lot numbers
 * and expiry dates of the units in the parcel, which customers and
 * regulators ask to find on the slip. For one fulfilment: the lots shipped in
 * it. For a whole order: the lots shipped, and for units not shipped yet the
 * lots reserved for them (`status: "reserved"`: they may still change).
 * Reads Medusa 2.21's `order`, `order_item`, `order_line_item`,
 * `order_address`, `order_fulfillment`, `fulfillment`, `fulfillment_item`,
 * `fulfillment_address`, `stock_location`, `store` tables. Lines come in the
 * order they were added, then by product (a cart's lines share a timestamp).
 */

const ADDRESS = "company, first_name, last_name, address_1, address_2, city, postal_code, province, country_code, phone"

const clean = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null)

function toAddress(r: any | undefined): PackingSlipAddress | null {
  if (!r) {
    return null
  }
  return {
    name: [clean(r.first_name), clean(r.last_name)].filter(Boolean).join(" ") || null,
    company: clean(r.company),
    lines: [clean(r.address_1), clean(r.address_2)].filter((l): l is string => !!l),
    city: clean(r.city),
    postal_code: clean(r.postal_code),
    province: clean(r.province),
    country_code: clean(r.country_code)?.toUpperCase() ?? null,
    phone: clean(r.phone),
  }
}

export type PackingSlipQuery = { order_id: string } | { fulfillment_id: string }

export async function readPackingSlip(container: Resolver, q: PackingSlipQuery): Promise<PackingSlip> {
  const knex = pgConnection(container)
  let orderId: string
  let fulfillment: any = null
  if ("fulfillment_id" in q) {
    const { rows } = await knex.raw(
      `SELECT f.id, f.location_id, f.created_at, f.packed_at, f.shipped_at, f.canceled_at, f.delivery_address_id,
              sl.name AS location_name, link.order_id
         FROM fulfillment f
         LEFT JOIN stock_location sl ON sl.id = f.location_id
         LEFT JOIN order_fulfillment link ON link.fulfillment_id = f.id AND link.deleted_at IS NULL
        WHERE f.id = ? AND f.deleted_at IS NULL`,
      [q.fulfillment_id]
    )
    fulfillment = rows[0]
    if (!fulfillment?.order_id) {
      // A return's fulfilment is no parcel to a customer: as unknown as a missing one.
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Fulfillment ${q.fulfillment_id} of an order was not found`)
    }
    if (fulfillment.canceled_at) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Fulfillment ${q.fulfillment_id} was canceled: nothing ships in it, print the order's packing slip instead`
      )
    }
    orderId = fulfillment.order_id
  } else {
    orderId = q.order_id
  }

  const [orders, lineRows, lotRows, shop] = await Promise.all([
    knex.raw(
      `SELECT o.id, o.display_id, o.created_at, o.email, o.status, ${ADDRESS.split(", ").map((c) => `a.${c}`).join(", ")},
              a.id AS address_id
         FROM "order" o LEFT JOIN order_address a ON a.id = o.shipping_address_id
        WHERE o.id = ? AND o.deleted_at IS NULL`,
      [orderId]
    ),
    fulfillment
      ? // A fulfilment holds one item per inventory item of a line (a kit's parts, times
        // their required quantity): the line's units are the part's divided back.
        knex.raw(
          `SELECT li.id AS line_item_id, li.product_title, li.variant_title, li.title, coalesce(li.variant_sku, min(fi.sku)) AS sku,
                  max(fi.quantity / coalesce(link.required_quantity, 1))::int AS quantity, min(li.created_at) AS created_at
             FROM fulfillment_item fi
             JOIN order_line_item li ON li.id = fi.line_item_id
             LEFT JOIN product_variant_inventory_item link
                    ON link.variant_id = li.variant_id AND link.inventory_item_id = fi.inventory_item_id AND link.deleted_at IS NULL
            WHERE fi.fulfillment_id = ? AND fi.deleted_at IS NULL
            GROUP BY li.id
            ORDER BY min(li.created_at), li.product_title, li.variant_title, li.id`,
          [fulfillment.id]
        )
      : knex.raw(
          `SELECT li.id AS line_item_id, li.product_title, li.variant_title, li.title, li.variant_sku AS sku,
                  oi.quantity::int AS quantity, oi.fulfilled_quantity::int AS fulfilled_quantity
             FROM "order" o
             JOIN order_item oi ON oi.order_id = o.id AND oi.version = o.version AND oi.deleted_at IS NULL
             JOIN order_line_item li ON li.id = oi.item_id AND li.deleted_at IS NULL
            WHERE o.id = ? AND o.deleted_at IS NULL
            ORDER BY li.created_at, li.product_title, li.variant_title, li.id`,
          [orderId]
        ),
    // Per allocation, the serials of its units (serialized items): shipped on a
    // fulfilled one, reserved on a reserved one.
    knex.raw(
      `SELECT a.id, a.line_item_id, a.status, a.quantity, l.id AS lot_id, l.lot_number, l.expires_at, sn.serial_numbers
         FROM lot_allocation a
         JOIN lot l ON l.id = a.lot_id
         LEFT JOIN LATERAL (
           SELECT array_agg(x.serial_number ORDER BY x.serial_number) AS serial_numbers FROM lot_serial x
            WHERE x.allocation_id = a.id AND x.deleted_at IS NULL
              AND (CASE WHEN a.status = 'fulfilled' THEN x.status IN ('shipped', 'returned') ELSE x.status = 'reserved' END)) sn ON true
        WHERE a.order_id = ? AND a.deleted_at IS NULL
          AND ${fulfillment ? "a.status = 'fulfilled' AND a.fulfillment_id = ?" : "a.status IN ('reserved', 'fulfilled')"}
        ORDER BY l.expires_at ASC NULLS LAST, l.lot_number ASC, a.id ASC`,
      fulfillment ? [orderId, fulfillment.id] : [orderId]
    ),
    knex.raw(`SELECT name FROM store WHERE deleted_at IS NULL ORDER BY created_at ASC LIMIT 1`),
  ])
  const order = orders.rows[0]
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  }
  let shipTo = order.address_id ? toAddress(order) : null
  if (fulfillment?.delivery_address_id) {
    // The address the parcel was sent to, when the fulfilment has its own.
    const { rows } = await knex.raw(`SELECT ${ADDRESS} FROM fulfillment_address WHERE id = ? AND deleted_at IS NULL`, [
      fulfillment.delivery_address_id,
    ])
    shipTo = toAddress(rows[0]) ?? shipTo
  }

  // Units of one line from one lot in one state, summed (several allocations of
  // a lot to a line are one entry on paper).
  const lotsByLine = new Map<string, PackingSlipLot[]>()
  for (const r of lotRows.rows) {
    const status: PackingSlipLot["status"] = r.status === "fulfilled" ? "shipped" : "reserved"
    const lots = lotsByLine.get(r.line_item_id) ?? []
    let lot = lots.find((x) => x.lot_id === r.lot_id && x.status === status)
    if (!lot) {
      lot = { lot_id: r.lot_id, lot_number: r.lot_number, expires_at: r.expires_at ?? null, quantity: 0, status }
      lots.push(lot)
    }
    lot.quantity += Number(r.quantity)
    if (r.serial_numbers?.length) {
      lot.serial_numbers = [...(lot.serial_numbers ?? []), ...r.serial_numbers].sort()
    }
    lotsByLine.set(r.line_item_id, lots)
  }
  const lines: PackingSlipLine[] = lineRows.rows.map((r: any) => {
    const lots = lotsByLine.get(r.line_item_id) ?? []
    return {
      line_item_id: r.line_item_id,
      product_title: r.product_title ?? r.title ?? null,
      variant_title: r.variant_title ?? null,
      sku: r.sku ?? null,
      quantity: Number(r.quantity),
      fulfilled_quantity: fulfillment ? Number(r.quantity) : Number(r.fulfilled_quantity ?? 0),
      // Shipped lots first, then what is still only reserved.
      lots: [...lots.filter((l) => l.status === "shipped"), ...lots.filter((l) => l.status === "reserved")],
    }
  })

  return {
    generated_at: new Date().toISOString(),
    shop: { name: shop.rows[0]?.name ?? null },
    order: {
      id: order.id,
      display_id: order.display_id ?? null,
      created_at: iso(order.created_at)!,
      email: order.email ?? null,
      status: order.status ?? null,
      shipping_address: shipTo,
    },
    fulfillment: fulfillment
      ? {
          id: fulfillment.id,
          created_at: iso(fulfillment.created_at)!,
          packed_at: iso(fulfillment.packed_at),
          shipped_at: iso(fulfillment.shipped_at),
          location_id: fulfillment.location_id,
          location_name: fulfillment.location_name ?? null,
        }
      : null,
    lines,
  }
}
