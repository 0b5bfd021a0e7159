/**
 * The customer's recall page behind the emailed link (`/lot-recall/:token`):
 * one small self-contained HTML document (inline CSS, no scripts, no
 * external assets), every value escaped, that works without a storefront.
 */
import type { AcknowledgementAction } from "../../lib/recall-acknowledgement"
import type { CustomerRecallNotice } from "../../types/http"

const escapeHtml = (value: unknown): string =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

/** The three answers as buttons, in the customer's words. */
export const ACTION_LABELS: Record<AcknowledgementAction, { button: string; done: string }> = {
  returned: { button: "I returned it", done: "you returned the products" },
  destroyed: { button: "I destroyed it", done: "you destroyed the products" },
  kept: { button: "I still have it", done: "you still have the products" },
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f7f9}
main{max-width:34rem;margin:0 auto;padding:1.25rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:1rem}
h1{font-size:1.35rem;margin:0 0 .25rem}.ref{color:#59636e;font-size:.9rem;margin:0 0 1rem}
.alert{border-left:4px solid #cf222e;background:#fff5f5;padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem}
.ok{border-left-color:#1a7f37;background:#f0fff4}.muted{color:#59636e}
table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{text-align:left;padding:.4rem .25rem;border-bottom:1px solid #eaecef}
td.n{text-align:right}form{display:flex;flex-direction:column;gap:.6rem;margin-top:1rem}
button{font:inherit;padding:.8rem 1rem;border-radius:8px;border:1px solid #d0d7de;background:#fff;cursor:pointer;text-align:left}
button.primary{background:#1f2328;color:#fff;border-color:#1f2328}button[aria-pressed=true]{outline:3px solid #0969da}
`

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><main>${body}</main></body></html>`
}

/** A page with one message (unknown link, withdrawn notice). */
export function messagePage(title: string, message: string): string {
  return page(title, `<div class="card"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div>`)
}

/** The notice, its lots, and the answer form (or what was answered). */
export function noticePage(notice: CustomerRecallNotice, action: string, flash: { ok?: string; error?: string } = {}): string {
  const r = notice.recall
  const canceled = r.status === "canceled"
  const rows = notice.items
    .map(
      (i) =>
        `<tr><td>${escapeHtml(i.product_title ?? i.sku ?? "Product")}${i.serial_numbers?.length ? `<br><span class="muted">${escapeHtml(i.serial_numbers.join(", "))}</span>` : ""}</td>` +
        `<td>${escapeHtml(i.lot_number)}</td><td class="n">${escapeHtml(i.quantity)}</td></tr>`
    )
    .join("")
  const answered = notice.acknowledgement ? ACTION_LABELS[notice.acknowledgement] : null
  const buttons = (Object.keys(ACTION_LABELS) as AcknowledgementAction[])
    .map(
      (a) =>
        `<button type="submit" name="action" value="${a}" class="${a === "returned" ? "primary" : ""}" aria-pressed="${notice.acknowledgement === a}">${escapeHtml(ACTION_LABELS[a].button)}</button>`
    )
    .join("")
  const body = [
    `<div class="card"><h1>Product recall</h1><p class="ref">Reference ${escapeHtml(r.reference)}${r.classification ? ` · Class ${escapeHtml(r.classification)}` : ""}${notice.order.display_id !== null ? ` · Your order #${escapeHtml(notice.order.display_id)}` : ""}</p>`,
    canceled
      ? `<div class="alert ok"><strong>This recall was canceled.</strong> There is nothing to do with these products.</div>`
      : `<div class="alert"><strong>${escapeHtml(r.public_reason ?? "Some products you received are recalled.")}</strong><br>${escapeHtml(notice.instructions)}</div>`,
    flash.error ? `<div class="alert" role="alert">${escapeHtml(flash.error)}</div>` : "",
    flash.ok ? `<div class="alert ok" role="status">${escapeHtml(flash.ok)}</div>` : "",
    `<table><thead><tr><th>Product</th><th>Batch</th><th class="n">Qty</th></tr></thead><tbody>${rows}</tbody></table></div>`,
    notice.can_acknowledge
      ? `<div class="card"><h2 style="font-size:1.1rem;margin:0">What did you do with them?</h2>` +
        (answered ? `<p class="muted" data-answer="${escapeHtml(notice.acknowledgement)}">We recorded that ${escapeHtml(answered.done)}. You can change your answer.</p>` : "") +
        `<form method="post" action="${escapeHtml(action)}">${buttons}</form></div>`
      : "",
  ]
  return page(`Product recall ${r.reference}`, body.join(""))
}
