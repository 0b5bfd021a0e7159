import { Button } from "@medusajs/ui"
import type { ReactNode } from "react"

/**
 * Printable documents (pick lists, packing slips) inside the dashboard.
 *
 * The document is a sheet of paper on screen and the only thing printed:
 * in print media everything that neither holds the sheet nor is in it is
 * hidden (the dashboard's sidebar, top bar, the page's toolbar), and the
 * sheet's ancestors become plain blocks, so the dashboard's fixed-height
 * scroll boxes do not cut the document to one page. `:has()` does it in CSS
 * alone (Chromium 105, Safari 15.4, Firefox 121), so the document is rendered
 * once, where it is. The style exists only while a document page is mounted.
 */
const PRINT_CSS = `
.lot-doc {
  background: #fff;
  color: #111;
  font-size: 12px;
  line-height: 1.45;
  padding: 28px 32px;
  border-radius: 8px;
  box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.08), 0 1px 2px rgba(0, 0, 0, 0.06);
  max-width: 1100px;
}
.lot-doc h1 { font-size: 20px; font-weight: 600; margin: 0; }
.lot-doc h2 { font-size: 14px; font-weight: 600; margin: 18px 0 6px; }
.lot-doc .lot-doc-muted { color: #555; }
.lot-doc .lot-doc-mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.lot-doc table { width: 100%; border-collapse: collapse; }
.lot-doc th { text-align: left; font-weight: 600; font-size: 11px; text-transform: uppercase; letter-spacing: 0.03em;
  color: #444; border-bottom: 1.5px solid #222; padding: 5px 6px; }
.lot-doc td { border-bottom: 1px solid #d4d4d4; padding: 6px; vertical-align: top; }
.lot-doc tr { break-inside: avoid; }
.lot-doc .lot-doc-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.lot-doc .lot-doc-tick { width: 14px; height: 14px; border: 1.5px solid #222; border-radius: 2px; display: inline-block; }
.lot-doc .lot-doc-warn { color: #b42318; font-weight: 600; }
.lot-doc .lot-doc-tag { display: inline-block; border: 1px solid #999; border-radius: 4px; padding: 0 4px; font-size: 10px; color: #444; }
.lot-doc .lot-doc-group { break-inside: auto; }
.lot-doc .lot-doc-group h2 { break-after: avoid; }
@media print {
  @page { margin: 12mm; }
  html, body { height: auto !important; overflow: visible !important; background: #fff !important; }
  body *:not(:has(.lot-print-area)):not(.lot-print-area):not(.lot-print-area *) { display: none !important; }
  body *:has(.lot-print-area) {
    display: block !important; position: static !important; overflow: visible !important;
    height: auto !important; min-height: 0 !important; max-height: none !important;
    width: auto !important; max-width: none !important; margin: 0 !important; padding: 0 !important;
    border: 0 !important; box-shadow: none !important; background: #fff !important; transform: none !important;
  }
  .lot-print-area.lot-doc { box-shadow: none !important; border-radius: 0 !important; padding: 0 !important; max-width: none !important; }
  .lot-print-area * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

/** The sheet that is printed, with the print rules while it is shown. */
export const PrintArea = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <>
    <style data-lot-print-style="">{PRINT_CSS}</style>
    <div className="lot-doc lot-print-area" data-testid={testId}>
      {children}
    </div>
  </>
)

/** The browser's print dialog (print media: only the sheet). */
export const PrintButton = ({ label = "Print", testId }: { label?: string; testId?: string }) => (
  <Button size="small" variant="primary" onClick={() => window.print()} data-testid={testId}>
    {label}
  </Button>
)

/** A tick box to mark a line done on paper. */
export const TickBox = () => <span className="lot-doc-tick" aria-hidden="true" />
