import type { PackingSlip, PackingSlipAddress, PackingSlipLine } from "../../types/http"
import { formatCalendarDate, formatDate, formatDateTime } from "../lib/format"

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" })
  } catch {
    return null
  }
})()

const countryName = (code: string | null) => {
  if (!code) {
    return null
  }
  try {
    return regionNames?.of(code) ?? code
  } catch {
    return code
  }
}

const AddressBlock = ({ address }: { address: PackingSlipAddress | null }) =>
  address ? (
    <div data-testid="slip-address">
      {address.name && <div style={{ fontWeight: 600 }}>{address.name}</div>}
      {address.company && <div>{address.company}</div>}
      {address.lines.map((l) => (
        <div key={l}>{l}</div>
      ))}
      <div>{[address.postal_code, address.city].filter(Boolean).join(" ")}</div>
      {address.province && <div>{address.province}</div>}
      <div>{countryName(address.country_code)}</div>
    </div>
  ) : (
    <div className="lot-doc-muted">No shipping address on the order.</div>
  )

const LineLots = ({ line }: { line: PackingSlipLine }) =>
  line.lots.length ? (
    <div style={{ display: "flex", flexDirection: "column", gap: 2 }}>
      {line.lots.map((lot) => (
        <div key={`${lot.lot_id}-${lot.status}`} data-testid="slip-lot" data-lot={lot.lot_number}>
          <span className="lot-doc-mono">Lot {lot.lot_number}</span>
          <span> · Exp. {formatCalendarDate(lot.expires_at)}</span>
          <span className="lot-doc-muted"> × {lot.quantity}</span>
          {lot.status === "reserved" && <span className="lot-doc-tag" style={{ marginLeft: 6 }}>reserved, not shipped yet</span>}
          {lot.serial_numbers?.length ? (
            <div className="lot-doc-muted lot-doc-mono" style={{ fontSize: 10 }}>
              S/N {lot.serial_numbers.join(", ")}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  ) : (
    <span className="lot-doc-muted">-</span>
  )

/**
 * A packing slip on paper: shop and order, ship-to address, and per line the
 * quantity with the lot numbers and expiry dates of its units.
 */
export const PackingSlipDocument = ({ slip }: { slip: PackingSlip }) => {
  const { order, fulfillment } = slip
  return (
    <div data-testid="packing-slip-document">
      <div style={{ display: "flex", justifyContent: "space-between", gap: 24, alignItems: "flex-start" }}>
        <div>
          <div className="lot-doc-muted" style={{ fontWeight: 600, fontSize: 14 }} data-testid="slip-shop">
            {slip.shop.name ?? ""}
          </div>
          <h1>Packing slip</h1>
        </div>
        <div style={{ textAlign: "right" }}>
          <div style={{ fontSize: 14, fontWeight: 600 }} data-testid="slip-order">
            Order {order.display_id ? `#${order.display_id}` : order.id}
          </div>
          <div className="lot-doc-muted">Placed {formatDate(order.created_at)}</div>
          {fulfillment && (
            <div className="lot-doc-muted" data-testid="slip-fulfillment">
              Shipment of {formatDateTime(fulfillment.created_at)}
              {fulfillment.location_name ? ` from ${fulfillment.location_name}` : ""}
            </div>
          )}
        </div>
      </div>
      <div style={{ display: "flex", gap: 48, marginTop: 18 }}>
        <div>
          <h2 style={{ marginTop: 0 }}>Ship to</h2>
          <AddressBlock address={order.shipping_address} />
        </div>
        {order.email && (
          <div>
            <h2 style={{ marginTop: 0 }}>Contact</h2>
            <div>{order.email}</div>
          </div>
        )}
      </div>
      <h2>Items</h2>
      <table>
        <thead>
          <tr>
            <th className="lot-doc-num" style={{ width: 48 }}>
              Qty
            </th>
            <th>Item</th>
            <th>SKU</th>
            <th>Lot and expiry</th>
          </tr>
        </thead>
        <tbody>
          {slip.lines.map((line) => (
            <tr key={line.line_item_id} data-testid="slip-line">
              <td className="lot-doc-num">
                <strong>{line.quantity}</strong>
              </td>
              <td>
                {line.product_title ?? ""}
                {line.variant_title && line.variant_title !== "Default" ? <div className="lot-doc-muted">{line.variant_title}</div> : null}
              </td>
              <td className="lot-doc-mono">{line.sku ?? "-"}</td>
              <td>
                <LineLots line={line} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="lot-doc-muted" style={{ marginTop: 18, fontSize: 11 }}>
        Lot numbers and expiry dates identify the batch of each item: keep this slip, it is what a product recall refers to.
      </p>
    </div>
  )
}
