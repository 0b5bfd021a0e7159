"use strict"
/**
 * The consumer lot check by GS1 Digital Link in a browser: the page a QR code
 * on the pack opens (`/lot/01/<gtin>/10/<lot>`), for a recalled batch and a
 * good one, on a phone-sized screen; and the lot page of the admin showing
 * the batch's Digital Link and QR code (the SVG downloaded).
 * Steps run by integration-tests/browser/run.js after admin-ui.js's (logged in already).
 * Screenshots (ctx.shot): digital-link-recalled.png, digital-link-ok.png, digital-link-admin.png.
 */

const fs = require("fs")

const STEP_MS = 30_000
/** The shampoo's EAN-13, set as its variant's barcode; the link carries it as 14 digits. */
const EAN13 = "4006381333931"
const GTIN14 = "04006381333931"
const PUBLIC_REASON = "Possible bacterial contamination found in routine testing."
const INTERNAL_REASON = "Supplier audit: tank 3 (internal)"
const PHONE = { width: 390, height: 844 }

function assert(cond, message) {
  if (!cond) throw new Error(message)
}

const addDays = (iso, n) => new Date(Date.parse(iso + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10)

/** Same shape as admin-ui.js: `steps(ctx)` answers [{ name, run }]. */
function steps(ctx) {
  const { page, baseUrl } = ctx
  const testId = (id) => page.getByTestId(id)
  // Unique per run, so a run against a kept app (BROWSER_TEST_BASE_URL) makes new lots.
  const stamp = Date.now().toString(36).slice(-5).toUpperCase()
  const state = { good: `DL-OK-${stamp}`, bad: `DL-BAD-${stamp}` }

  /** The batch-check page as a phone opens it; answers the page's text. */
  async function openBatchPage(lotCode) {
    await page.setViewportSize(PHONE)
    const res = await page.goto(`${baseUrl}/lot/01/${GTIN14}/10/${encodeURIComponent(lotCode)}`, { waitUntil: "domcontentloaded", timeout: STEP_MS })
    assert(res && res.status() === 200, `the batch page of ${lotCode} answered ${res && res.status()}`)
    assert(/^text\/html/.test(res.headers()["content-type"] || ""), `the batch page is not HTML: ${res.headers()["content-type"]}`)
    const lang = await page.evaluate(() => document.documentElement.lang)
    assert(lang === "en", `the page has no lang (got "${lang}")`)
    // Mobile-friendly: nothing wider than the phone's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert(overflow <= 0, `the page is ${overflow}px wider than a phone`)
    return page.locator("main").innerText()
  }

  return [
    {
      name: "Digital Link: a product with a GTIN, a good batch and a recalled one",
      async run() {
        const { shampoo, oil, today } = ctx.data
        await ctx.api.admin("POST", `/admin/products/${shampoo.productId}/variants/${shampoo.variantId}`, { barcode: EAN13 })
        const lot = async (lot_number, days) =>
          (
            await ctx.api.admin("POST", "/admin/lots", {
              inventory_item_id: shampoo.inventoryItemId,
              lot_number,
              expires_at: addDays(today, days),
              receive: [{ location_id: oil.parisId, quantity: 4 }],
            })
          ).lot
        const good = await lot(state.good, 400)
        const bad = await lot(state.bad, 420)
        const { recall } = await ctx.api.admin("POST", "/admin/recalls", { lot_ids: [bad.id], reason: INTERNAL_REASON, public_reason: PUBLIC_REASON })
        Object.assign(state, { goodId: good.id, goodExpires: addDays(today, 400), reference: recall.reference })
        ctx.log(`lots ${state.good} and ${state.bad} (recall ${recall.reference}) of GTIN ${GTIN14}`)
      },
    },
    {
      name: "Digital Link: the page of a recalled batch says do not use, why and what to do",
      async run() {
        try {
          const text = await openBatchPage(state.bad)
          assert(text.includes("This batch is recalled — do not use"), `no recall warning on the page:\n${text}`)
          assert(text.includes(PUBLIC_REASON), "the public reason is not shown")
          assert(text.includes("What to do"), "the page does not say what to do")
          assert(text.includes(`Recall ${state.reference}`), "the recall reference is not shown")
          assert(!text.includes("tank 3"), "the internal reason is shown to the public")
          const colour = await page.locator('[data-status="recalled"]').evaluate((el) => getComputedStyle(el).borderTopColor)
          assert(colour === "rgb(220, 38, 38)", `the recall block is not red (${colour})`)
          await ctx.shot("digital-link-recalled")
        } finally {
          await page.setViewportSize({ width: 1440, height: 900 })
        }
      },
    },
    {
      name: "Digital Link: the page of a good batch says no recall, with its expiry",
      async run() {
        try {
          const text = await openBatchPage(state.good)
          assert(text.includes("No recall for this batch"), `no all-clear on the page:\n${text}`)
          assert(text.includes("Argan Repair Shampoo 250 ml"), "the product is not named")
          const expires = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
            new Date(`${state.goodExpires}T00:00:00Z`)
          )
          assert(text.includes(`Use by ${expires}`), `the expiry ${expires} is not shown:\n${text}`)
          assert(!text.includes("recalled"), "a good batch reads as recalled")
          await ctx.shot("digital-link-ok")
        } finally {
          await page.setViewportSize({ width: 1440, height: 900 })
        }
      },
    },
    {
      name: "Digital Link: the admin lot page shows the link and its QR code, and downloads the SVG",
      async run() {
        await page.goto(`${baseUrl}/app/lots/${state.goodId}`, { waitUntil: "domcontentloaded", timeout: 60_000 })
        await testId("digital-link-qr").locator("svg").waitFor({ state: "visible", timeout: STEP_MS })
        const link = (await testId("digital-link-url").innerText()).trim()
        assert(link.endsWith(`/lot/01/${GTIN14}/10/${state.good}`), `unexpected Digital Link ${link}`)
        const box = await testId("digital-link-qr").locator("svg").boundingBox()
        assert(box && box.width >= 100 && box.height >= 100, `the QR code is too small to scan on screen: ${JSON.stringify(box)}`)
        const [download] = await Promise.all([page.waitForEvent("download", { timeout: STEP_MS }), testId("digital-link-download").click()])
        const file = `${ctx.tmpDir}/${download.suggestedFilename()}`
        await download.saveAs(file)
        const svg = fs.readFileSync(file, "utf8")
        assert(svg.startsWith("<svg") && svg.includes("<path"), `the downloaded file is not the QR code's SVG: ${svg.slice(0, 80)}`)
        assert(download.suggestedFilename() === `digital-link-${GTIN14}-${state.good}.svg`, `file name ${download.suggestedFilename()}`)
        await testId("lot-digital-link").scrollIntoViewIfNeeded()
        await ctx.shot("digital-link-admin")
      },
    },
  ]
}

module.exports = { steps }
