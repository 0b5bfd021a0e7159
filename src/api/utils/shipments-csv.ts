import { stringify } from "csv-stringify/sync"
import type { MedusaResponse } from "@medusajs/framework/http"
import { neutralizeRow, safeFileName } from "../../lib/csv-safe"
import { shipDateIn, shipInstant } from "../../lib/recall"
import type { Address, Shipment } from "../../read-models/shipments"

/**
 * Shipments as a CSV a regulator or a spreadsheet can use: one row per
 * shipment of a lot, the FDA FSMA 204 key data elements for shipping
 * (traceability lot code, product description, quantity and unit of measure,
 * ship-from and ship-to locations, ship date, reference document type and
 * number) followed by the customer's contact and, for serialized items, the
 * serial numbers of the units shipped (separated by `; `, as a serial may
 * contain spaces; the row stays one per shipment, so quantities still add
 * up). Dates are written
 * `YYYY-MM-DD` / `YYYY-MM-DD HH:MM:SS` (UTC) so they sort as text and as
 * dates; the Ship Date is the merchant's calendar day (the plugin's
 * `time_zone`), the instants stay UTC; every text cell goes through the
 * formula-injection guard.
 */

export const FSMA_SHIPPING_COLUMNS = [
  "Traceability Lot Code",
  "Traceability Lot Code Source",
  "Product Description",
  "SKU",
  "Quantity",
  "Unit of Measure",
  "Ship-From Location",
  "Ship-From Address",
  "Ship-To Name",
  "Ship-To Address",
  "Ship-To Country",
  "Ship Date",
  "Shipped At (UTC)",
  "Fulfilled At (UTC)",
  "Reference Document Type",
  "Reference Document Number",
  "Fulfillment ID",
  "Order ID",
  "Customer ID",
  "Customer Name",
  "Customer Email",
  "Customer Phone",
  "Returned Quantity",
  "Serial number",
] as const

const dateTime = (iso: string | null) => (iso ? iso.slice(0, 19).replace("T", " ") : null)

function addressLine(a: Partial<Address> | null | undefined): string | null {
  if (!a) {
    return null
  }
  const cityLine = [a.postal_code, a.city].filter(Boolean).join(" ")
  const parts = [a.company, a.address_1, a.address_2, cityLine, a.province, a.country_code?.toUpperCase()].filter(
    (p) => typeof p === "string" && p.trim()
  )
  return parts.length ? parts.join(", ") : null
}

function productDescription(s: Shipment): string | null {
  const title = s.product.title ?? s.inventory_item.title
  if (!title) {
    return null
  }
  const variant = s.product.variant_title
  return variant && variant !== "Default" && variant !== title ? `${title} (${variant})` : title
}

/** One CSV row (as values, before neutralization) per shipment; the ship date as a day in `timeZone`. */
export function shipmentCells(s: Shipment, timeZone = "UTC"): unknown[] {
  return [
    s.lot.lot_number,
    [s.lot.supplier, s.lot.origin].filter(Boolean).join(" / ") || null,
    productDescription(s),
    s.product.sku ?? s.inventory_item.sku,
    s.quantity,
    s.inventory_item.unit_of_measure || "each",
    s.ship_from.name ?? s.ship_from.location_id,
    addressLine(s.ship_from.address),
    s.ship_to?.name ?? s.customer.name,
    addressLine(s.ship_to),
    s.ship_to?.country_code?.toUpperCase() ?? null,
    shipDateIn(shipInstant(s), timeZone),
    dateTime(s.shipped_at),
    dateTime(s.fulfilled_at),
    "Order",
    s.order.display_id !== null ? `#${s.order.display_id}` : s.order.id,
    s.fulfillment_id,
    s.order.id,
    s.customer.id,
    s.customer.name,
    s.customer.email,
    s.customer.phone,
    s.returned_quantity,
    s.serial_numbers?.length ? s.serial_numbers.join("; ") : null,
  ]
}

/** The whole file: header, then one neutralized row per shipment (plus any extra columns). */
export function shipmentsCsv(
  shipments: Shipment[],
  extra?: { columns: string[]; cells: (s: Shipment) => unknown[] } | null,
  timeZone = "UTC"
): string {
  const header = [...FSMA_SHIPPING_COLUMNS, ...(extra?.columns ?? [])]
  const rows = shipments.map((s) => neutralizeRow([...shipmentCells(s, timeZone), ...(extra ? extra.cells(s) : [])]))
  // A byte order mark so that Excel opens UTF-8 names (Zoë, Müller) correctly.
  return stringify([neutralizeRow(header), ...rows], { bom: true, record_delimiter: "\r\n" })
}

/** Sends a CSV download. */
export function sendCsv(res: MedusaResponse, fileName: string, csv: string) {
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${safeFileName(fileName)}"`)
  res.setHeader("Cache-Control", "no-store")
  res.status(200).send(csv)
}

/** The columns a recall's export adds after the shipping ones. */
export const RECALL_EXPORT_COLUMNS = ["Recall Reference", "Recall Classification", "Notice Status", "Notified At (UTC)"] as const

/**
 * A recall's shipments as a CSV: each shipment's row, then the recall's
 * reference and classification and the notice status of its order.
 */
export function recallShipmentsCsv(
  recall: { reference: string; classification?: string | null },
  shipments: Shipment[],
  notices: Map<string, { status: string; notified_at: Date | string | null }>,
  timeZone = "UTC"
): string {
  return shipmentsCsv(shipments, {
    columns: [...RECALL_EXPORT_COLUMNS],
    cells: (s) => {
      const notice = notices.get(s.order.id)
      return [
        recall.reference,
        recall.classification ?? null,
        notice?.status ?? null,
        notice?.notified_at ? dateTime(new Date(notice.notified_at).toISOString()) : null,
      ]
    },
  }, timeZone)
}
