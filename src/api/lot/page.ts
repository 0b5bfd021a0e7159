import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { parseDigitalLinkRequest } from "../../lib/digital-link"
import { consumerLotCheck, defaultSalesChannelIds, type ConsumerLotCheck } from "../../read-models/digital-link"
import { lotService } from "../../modules/lot_tracking/resolve"

/**
 * The page a printed GS1 Digital Link QR code opens: `/lot/01/:gtin/10/:lot`
 * (and `/21/:serial`, `?17=YYMMDD`), served by the plugin so a merchant needs
 * no storefront page. A QR code carries no publishable key, so it answers for
 * the products of the store's default sales channel. The answer is the store
 * route's (`consumerLotCheck`); this file only renders it: one small HTML
 * document, inline CSS, no script, no external asset, every value escaped.
 */

const escapeHtml = (value: unknown): string =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

/** "31 Dec 2027" for a calendar date (no time zone can shift a day). */
const formatDay = (date: string | null | undefined): string =>
  date
    ? new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${date.slice(0, 10)}T00:00:00Z`))
    : "-"

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#18181b;background:#f4f4f5}
main{max-width:32rem;margin:0 auto;padding:1.25rem 1rem 2rem}
.kicker{margin:0;color:#52525b;font-size:.8rem;letter-spacing:.06em;text-transform:uppercase}
h1{margin:.25rem 0 0;font-size:1.4rem;line-height:1.25}
.variant{margin:.15rem 0 0;color:#52525b}
.verdict{margin:1.25rem 0;padding:1rem 1.1rem;border-radius:.75rem;border:2px solid}
.verdict h2{margin:0 0 .4rem;font-size:1.2rem;line-height:1.3}
.verdict h3{margin:.9rem 0 .2rem;font-size:1rem}
.verdict p{margin:.3rem 0}
.recalled{background:#fef2f2;border-color:#dc2626;color:#7f1d1d}
.recalled h2{color:#b91c1c}
.expired{background:#fff7ed;border-color:#ea580c;color:#7c2d12}
.ok{background:#f0fdf4;border-color:#16a34a;color:#14532d}
.unknown{background:#fafafa;border-color:#a1a1aa;color:#27272a}
dl{display:grid;grid-template-columns:auto 1fr;gap:.35rem 1rem;margin:0;padding:1rem 1.1rem;background:#fff;border-radius:.75rem}
dt{color:#52525b}
dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.note{margin:1rem 0 0;padding:.75rem 1rem;border-left:4px solid #ea580c;background:#fff}
footer{margin-top:1.5rem;color:#71717a;font-size:.8rem;overflow-wrap:anywhere}
`

function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}

function verdict(check: ConsumerLotCheck): string {
  const lot = check.lot
  switch (check.status) {
    case "recalled": {
      const r = check.recall!
      return `<section class="verdict recalled" role="alert" data-status="recalled">
<h2>This batch is recalled — do not use</h2>
${r.public_reason ? `<p>${escapeHtml(r.public_reason)}</p>` : ""}
<h3>What to do</h3>
<p>${escapeHtml(r.instructions)}</p>
<p>Recall ${escapeHtml(r.reference)}, since ${escapeHtml(formatDay(r.opened_at))}.</p>
</section>`
    }
    case "expired":
      return `<section class="verdict expired" role="alert" data-status="expired">
<h2>This batch is past its expiry date</h2>
<p>It expired on ${escapeHtml(formatDay(lot!.expires_at))}: do not use it. No recall concerns this batch.</p>
</section>`
    case "ok":
      return `<section class="verdict ok" data-status="ok">
<h2>No recall for this batch</h2>
<p>${lot!.expires_at ? `Use by ${escapeHtml(formatDay(lot!.expires_at))}.` : "This batch has no expiry date."}</p>
</section>`
    default:
      return `<section class="verdict unknown" data-status="unknown_lot">
<h2>We do not know this batch</h2>
<p>No batch ${escapeHtml(check.lot_code)} of this product is on record. Check the batch code printed on the pack, or contact the shop you bought it from.</p>
</section>`
  }
}

/** The page of a lot check (status 200 for every answer about a known product). */
export function renderLotCheckPage(check: ConsumerLotCheck): string {
  const lot = check.lot
  const rows: [string, string][] = [
    ["Batch", lot?.lot_number ?? check.lot_code],
    ...(lot ? ([["Expiry date", formatDay(lot.expires_at)]] as [string, string][]) : []),
    ...(lot?.best_before ? ([["Best before", formatDay(lot.best_before)]] as [string, string][]) : []),
    ...(check.serial !== undefined ? ([["Serial number", check.serial]] as [string, string][]) : []),
    ["GTIN", check.gtin],
  ]
  const mismatch =
    check.expiry_matches === false && lot
      ? `<p class="note" data-testid="expiry-mismatch">The expiry date in the code is not this batch's (${escapeHtml(formatDay(lot.expires_at))}): check the date printed on the pack.</p>`
      : ""
  const title = check.product.title ?? "Product"
  return htmlDocument(
    `${title}: batch ${lot?.lot_number ?? check.lot_code}`,
    `<p class="kicker">Batch check</p>
<h1>${escapeHtml(title)}</h1>
${check.product.variant_title ? `<p class="variant">${escapeHtml(check.product.variant_title)}</p>` : ""}
${verdict(check)}
<dl>
${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("\n")}
</dl>
${mismatch}
<footer>Checked against this shop's records. GS1 Digital Link 01/${escapeHtml(check.gtin)}/10/${escapeHtml(check.lot_code)}.</footer>`
  )
}

function renderProblemPage(heading: string, message: string): string {
  return htmlDocument(heading, `<p class="kicker">Batch check</p>
<h1>${escapeHtml(heading)}</h1>
<section class="verdict unknown" data-status="problem">
<p>${escapeHtml(message)}</p>
</section>`)
}

function sendHtml(res: MedusaResponse, status: number, html: string) {
  res
    .status(status)
    .set({
      "Content-Type": "text/html; charset=utf-8",
      // A recall can start at any moment: never answer from a cache.
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    })
    .send(html)
}

/** `GET /lot/01/:gtin/10/:lot[/21/:serial][?17=YYMMDD]`: the page, for the store's default sales channel. */
export async function lotCheckPage(req: MedusaRequest, res: MedusaResponse) {
  const params = req.params as { gtin: string; lot: string; serial?: string }
  const today = await lotService(req.scope).today()
  const parsed = parseDigitalLinkRequest({ ...params, query: req.query as Record<string, unknown> }, today)
  if (!parsed.ok) {
    return sendHtml(res, 400, renderProblemPage("This code cannot be read", parsed.error))
  }
  try {
    const check = await consumerLotCheck(req.scope, parsed.link, await defaultSalesChannelIds(req.scope))
    if (!check) {
      return sendHtml(
        res,
        404,
        renderProblemPage("Product not found", `No product of this shop has the GTIN ${parsed.link.gtin}. Check the code, or contact the shop you bought it from.`)
      )
    }
    return sendHtml(res, 200, renderLotCheckPage(check))
  } catch (e) {
    if (e instanceof MedusaError) {
      return sendHtml(res, 400, renderProblemPage("This code cannot be read", e.message))
    }
    throw e
  }
}
