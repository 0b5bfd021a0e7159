import { ArrowDownTray, DocumentText } from "@medusajs/icons"
import { Button, Copy, Text, toast } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import type { Lot } from "../../types/http"
import { Section, QueryState } from "./common"
import { get } from "../lib/sdk"
import { formatCalendarDate } from "../lib/format"
import { inventoryItemName } from "../lib/item-names"
import { lotsQueryKeys } from "../hooks/api/query-keys"

/** `GET /admin/lots/:id/digital-link`. */
export type LotDigitalLink = {
  url: string
  gtin: string
  lot_code: string
  gtin_field: string
  variant_id: string
  /** The QR code of `url`, as an SVG document (made on the server by the qrcode package). */
  svg: string
}

// Under the lot's key: editing the lot (its number, its item) refetches the link too.
const useLotDigitalLink = (lotId: string) =>
  useQuery({
    queryKey: [...lotsQueryKeys.all, "digital-link", lotId],
    queryFn: () => get<LotDigitalLink>(`/admin/lots/${lotId}/digital-link`),
    retry: false,
  })

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)

/** A file name from the lot's code: letters, digits, dots and dashes only. */
const fileName = (link: LotDigitalLink) => `digital-link-${link.gtin}-${link.lot_code.replace(/[^A-Za-z0-9.-]+/g, "_")}.svg`

function downloadSvg(link: LotDigitalLink) {
  const url = URL.createObjectURL(new Blob([link.svg], { type: "image/svg+xml" }))
  const a = document.createElement("a")
  a.href = url
  a.download = fileName(link)
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * Prints a label (QR code, product, lot, expiry, the link in words) from a
 * hidden frame, so the dashboard itself is not printed and no pop-up is
 * needed.
 */
function printLabel(link: LotDigitalLink, lot: Lot) {
  const frame = document.createElement("iframe")
  frame.setAttribute("aria-hidden", "true")
  frame.style.cssText = "position:fixed;right:0;bottom:0;width:0;height:0;border:0"
  document.body.appendChild(frame)
  const doc = frame.contentDocument!
  const product = inventoryItemName(lot.inventory_item, lot.inventory_item_id)
  doc.open()
  doc.write(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(link.lot_code)}</title>
<style>
@page { size: 62mm 90mm; margin: 4mm; }
body { font: 10pt/1.3 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0; text-align: center; }
.qr svg { width: 46mm; height: 46mm; }
.product { font-weight: 600; margin: 2mm 0 1mm; }
.mono { font-family: ui-monospace, Menlo, monospace; }
.url { font-size: 6.5pt; word-break: break-all; color: #333; margin-top: 1.5mm; }
</style></head><body>
<div class="qr">${link.svg}</div>
<div class="product">${escapeHtml(product)}</div>
<div class="mono">LOT ${escapeHtml(link.lot_code)}</div>
${lot.expires_at ? `<div class="mono">EXP ${escapeHtml(formatCalendarDate(lot.expires_at))}</div>` : ""}
<div class="mono">GTIN ${escapeHtml(link.gtin)}</div>
<div class="url">${escapeHtml(link.url)}</div>
</body></html>`)
  doc.close()
  const win = frame.contentWindow!
  win.addEventListener("afterprint", () => frame.remove())
  setTimeout(() => {
    win.focus()
    win.print()
  }, 50)
}

/**
 * The lot's GS1 Digital Link on its page: the link (to copy), its QR code, a
 * label to print and the SVG to download for a label designer. The link
 * opens the plugin's batch-check page, where a consumer sees whether the
 * batch is recalled (docs/RECALLS.md).
 */
export const DigitalLinkSection = ({ lot }: { lot: Lot }) => {
  const query = useLotDigitalLink(lot.id)
  return (
    <Section
      title="Digital Link"
      subtitle="A QR code for the pack: it opens a page that tells the consumer whether this batch is recalled."
      testId="lot-digital-link"
    >
      <QueryState query={query} errorPrefix="">
        {(l) => (
          <div className="flex flex-col items-start gap-4 px-6 py-4 sm:flex-row">
            <div
              className="h-40 w-40 shrink-0 rounded-md border bg-white p-1 [&>svg]:h-full [&>svg]:w-full"
              data-testid="digital-link-qr"
              role="img"
              aria-label={`QR code of ${l.url}`}
              // The server's SVG (qrcode package): paths only, no script or text from the lot.
              dangerouslySetInnerHTML={{ __html: l.svg }}
            />
            <div className="flex min-w-0 flex-col gap-2">
              <div className="flex items-start gap-1">
                <a
                  href={l.url}
                  target="_blank"
                  rel="noreferrer"
                  className="txt-compact-small text-ui-fg-interactive hover:text-ui-fg-interactive-hover break-all font-mono"
                  data-testid="digital-link-url"
                >
                  {l.url}
                </a>
                <Copy content={l.url} className="shrink-0" data-testid="digital-link-copy" />
              </div>
              <Text size="small" className="text-ui-fg-subtle">
                GTIN <span className="font-mono">{l.gtin}</span> (the variant's {l.gtin_field}) · batch{" "}
                <span className="font-mono">{l.lot_code}</span>
              </Text>
              <div className="flex flex-wrap gap-2">
                <Button
                  size="small"
                  variant="secondary"
                  className="whitespace-nowrap"
                  onClick={() => {
                    try {
                      printLabel(l, lot)
                    } catch (e) {
                      toast.error("Could not print the label", { description: String(e) })
                    }
                  }}
                  data-testid="digital-link-print"
                >
                  <DocumentText /> Print label
                </Button>
                <Button size="small" variant="secondary" className="whitespace-nowrap" onClick={() => downloadSvg(l)} data-testid="digital-link-download">
                  <ArrowDownTray /> Download SVG
                </Button>
              </div>
            </div>
          </div>
        )}
      </QueryState>
    </Section>
  )
}
