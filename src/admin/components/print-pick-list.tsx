import { groupPickLines } from "../../lib/pick-list"
import type { PickList, PickListLine } from "../../types/http"
import { formatCalendarDate, formatDateTime, pluralize } from "../lib/format"
import { TickBox } from "./print-document"

const orderNumber = (o: { order_display_id?: number | null; display_id?: number | null; order_id?: string; id?: string }) => {
  const n = o.order_display_id ?? o.display_id
  return n ? `#${n}` : (o.order_id ?? o.id ?? "")
}

/** What a picker must not take: the lot was blocked after it was reserved. */
const lotWarning = (line: PickListLine) =>
  line.lot_status && line.lot_status !== "active" ? `${line.lot_status}: do not pick, ask` : null

const LineRow = ({ line }: { line: PickListLine }) => {
  const warning = lotWarning(line)
  return (
    <tr data-testid="pick-line" data-lot={line.lot_number ?? ""} data-bin={line.bin ?? ""}>
      <td>
        <TickBox />
      </td>
      <td className="lot-doc-mono" data-testid="pick-bin">
        {line.bin ?? "-"}
      </td>
      <td>
        <div className="lot-doc-mono">{line.sku ?? "-"}</div>
        <div className="lot-doc-muted">
          {line.product_title ?? ""}
          {line.variant_title && line.variant_title !== "Default" ? ` · ${line.variant_title}` : ""}
        </div>
      </td>
      <td data-testid="pick-lot">
        {line.lot_number ? (
          <span className="lot-doc-mono">{line.lot_number}</span>
        ) : (
          <span className="lot-doc-tag">not lot-tracked</span>
        )}
        {warning && <div className="lot-doc-warn">{warning}</div>}
      </td>
      <td className="lot-doc-num" data-testid="pick-expiry">
        {line.lot_number ? formatCalendarDate(line.expires_at) : ""}
      </td>
      <td className="lot-doc-num" data-testid="pick-quantity">
        <strong>{line.quantity}</strong>
      </td>
      <td className="lot-doc-num" data-testid="pick-order">
        {orderNumber(line)}
      </td>
    </tr>
  )
}

/**
 * A pick list on paper: per location, in walking order (bin, SKU, expiry,
 * order), a tick box per line; the units still waiting for stock after it.
 */
export const PickListDocument = ({ pickList }: { pickList: PickList }) => {
  const groups = groupPickLines(pickList.lines)
  const units = pickList.lines.reduce((s, l) => s + l.quantity, 0)
  return (
    <div data-testid="pick-list-document">
      <div style={{ display: "flex", justifyContent: "space-between", gap: 24, alignItems: "flex-start" }}>
        <div>
          <h1>Pick list</h1>
          <div className="lot-doc-muted">
            {pluralize(pickList.orders.length, "order")} · {pluralize(units, "unit")} · {pluralize(pickList.lines.length, "line")}
          </div>
        </div>
        <div className="lot-doc-muted" style={{ textAlign: "right" }}>
          <div>Printed {formatDateTime(pickList.generated_at)}</div>
          <div data-testid="pick-list-orders">Orders {pickList.orders.map((o) => orderNumber(o)).join(", ")}</div>
        </div>
      </div>
      {groups.length === 0 && <p className="lot-doc-muted">Nothing to pick: no unit of these orders is reserved and not shipped.</p>}
      {groups.map((group) => (
        <section key={group.location_id} className="lot-doc-group" data-testid="pick-location">
          <h2>
            {group.location_name ?? group.location_id} <span className="lot-doc-muted">· {pluralize(group.quantity, "unit")}</span>
          </h2>
          <table>
            <thead>
              <tr>
                <th style={{ width: 22 }} aria-label="Picked" />
                <th>Bin</th>
                <th>SKU / product</th>
                <th>Lot</th>
                <th className="lot-doc-num">Expiry</th>
                <th className="lot-doc-num">Qty</th>
                <th className="lot-doc-num">Order</th>
              </tr>
            </thead>
            <tbody>
              {group.lines.map((line) => (
                <LineRow key={`${line.line_item_id}-${line.inventory_item_id}-${line.lot_id ?? "none"}`} line={line} />
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {pickList.shortfalls.length > 0 && (
        <section className="lot-doc-group" data-testid="pick-shortfalls">
          <h2>Waiting for stock (not to pick)</h2>
          <table>
            <thead>
              <tr>
                <th>Order</th>
                <th>SKU</th>
                <th>Location</th>
                <th className="lot-doc-num">Units without a lot</th>
              </tr>
            </thead>
            <tbody>
              {pickList.shortfalls.map((s) => (
                <tr key={`${s.line_item_id}-${s.location_id}-${s.sku}`} data-testid="pick-shortfall">
                  <td>{orderNumber(s)}</td>
                  <td className="lot-doc-mono">{s.sku ?? "-"}</td>
                  <td>{s.location_name ?? s.location_id}</td>
                  <td className="lot-doc-num">{s.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
