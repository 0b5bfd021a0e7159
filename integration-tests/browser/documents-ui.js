"use strict"
/**
 * Pick lists and packing slips: open them from an order and print them (print media screenshots).
 * Steps run by integration-tests/browser/run.js after admin-ui.js's (logged in already).
 * Screenshots (ctx.shot) go to docs/screenshots/ with BROWSER_TEST_SCREENSHOTS=1:
 * pick-list-screen.png, pick-list-choose.png, pick-list-print.png and packing-slip-print.png (print media).
 */

const STEP_MS = 30_000
/** The bin the open order's lot is put away on (when the put-away route answers). */
const BIN = "A-12"

function assert(cond, message) {
  if (!cond) throw new Error(message)
}

/** Bins as the pick list walks them: digits by value ("A-2" before "A-12"), no bin ("") last. */
function naturalBinOrder(a, b) {
  if (!a || !b) return a === b ? 0 : a ? -1 : 1
  return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" })
}

/** A calendar date as the admin prints it ("31 Dec 2027"). */
const calendarDate = (iso) =>
  new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${iso}T00:00:00Z`)
  )

/** Same shape as admin-ui.js: `steps(ctx)` answers [{ name, run }]. */
function steps(ctx) {
  const { page, baseUrl } = ctx
  const url = (p) => baseUrl + "/app" + p
  const testId = (id) => page.getByTestId(id)
  const state = {}

  async function open(p, readyTestId) {
    await page.goto(url(p), { waitUntil: "domcontentloaded", timeout: 60_000 })
    if (readyTestId) await testId(readyTestId).first().waitFor({ state: "visible", timeout: 60_000 })
  }

  /** The admin API with the page's session; `null` for a 404 (a route not there). */
  async function call(method, p, body) {
    const res = await page.request.fetch(baseUrl + p, { method, data: body, headers: { accept: "application/json" } })
    if (res.status() === 404) return null
    assert(res.ok(), `${method} ${p} answered ${res.status()}: ${(await res.text()).slice(0, 300)}`)
    return res.json()
  }

  /**
   * In print media only the document shows: the dashboard's sidebar, top bar
   * and the page's toolbar are not displayed, the document is.
   */
  async function expectPrintOnlyDocument(areaId, toolbarId, mustRead) {
    await page.emulateMedia({ media: "print" })
    try {
      await testId(areaId).waitFor({ state: "visible", timeout: STEP_MS })
      assert(!(await testId(toolbarId).isVisible()), `the page's toolbar (${toolbarId}) is printed`)
      const chrome = await page.evaluate((id) => {
        const area = document.querySelector(`[data-testid="${id}"]`)
        const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden"
        // Elements on show that are neither the document, in it, nor one of its ancestors.
        const strays = [...document.body.querySelectorAll("*")].filter(
          (el) => !["STYLE", "SCRIPT"].includes(el.tagName) && shown(el) && !el.contains(area) && !area.contains(el)
        )
        const nav = [...document.querySelectorAll("nav, aside, header")].filter(shown)
        return {
          strays: strays.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`),
          nav: nav.length,
          text: document.body.innerText,
        }
      }, areaId)
      assert(chrome.nav === 0, `the admin's navigation is printed (${chrome.nav} nav/aside/header elements shown)`)
      assert(chrome.strays.length === 0, `elements outside the document are printed: ${chrome.strays.join(", ")}`)
      for (const text of mustRead) {
        assert(chrome.text.includes(text), `the printed page does not read "${text}"`)
      }
      for (const chromeText of ["Settings", "Search"]) {
        assert(!chrome.text.includes(chromeText), `the printed page reads the admin's "${chromeText}"`)
      }
    } catch (e) {
      await page.emulateMedia({ media: "screen" })
      throw e
    }
  }

  return [
    {
      name: "pick list from the order widget: lot, bin and expiry per line; printed without the admin",
      async run() {
        const { openOrder } = ctx.data
        const { order_lots } = await call("GET", `/admin/orders/${openOrder.id}/lots`)
        const reserved = order_lots.lines.flatMap((l) => l.allocations.filter((a) => a.status === "reserved"))
        assert(reserved.length > 0, `order #${openOrder.display_id} has no reserved lot: ${JSON.stringify(order_lots)}`)
        const lot = reserved[0]
        // Shelve the lot (put-away); before that route exists the bin stays empty ("-").
        const putAway = await call("POST", `/admin/lots/${lot.lot_id}/put-away`, { location_id: lot.location_id, bin: BIN })
        const bin = putAway ? BIN : "-"
        if (!putAway) ctx.log("POST /admin/lots/:id/put-away is not there (404): the bin column is checked empty")

        await open(`/orders/${openOrder.id}`, "order-lots-widget")
        await testId("order-pick-list").click()
        await page.waitForURL(/\/lots\/pick-list\?order_id=/, { timeout: STEP_MS })
        const area = testId("pick-list-print-area")
        await area.waitFor({ timeout: STEP_MS })
        const heads = (await area.locator("th").allInnerTexts()).map((t) => t.trim().toLowerCase())
        for (const h of ["bin", "sku / product", "lot", "expiry", "qty", "order"]) {
          assert(heads.includes(h), `the pick list has no "${h}" column: ${heads.join(", ")}`)
        }
        const row = area.locator(`[data-testid="pick-line"][data-lot="${lot.lot_number}"]`)
        await row.first().waitFor({ timeout: STEP_MS })
        const cell = async (id) => (await row.first().getByTestId(id).innerText()).trim()
        assert((await cell("pick-bin")) === bin, `lot ${lot.lot_number}'s bin reads "${await cell("pick-bin")}", not "${bin}"`)
        assert((await cell("pick-expiry")) === calendarDate(lot.expires_at), `lot ${lot.lot_number}'s expiry reads "${await cell("pick-expiry")}"`)
        assert((await cell("pick-order")) === `#${openOrder.display_id}`, `the line's order reads "${await cell("pick-order")}"`)
        const units = reserved.filter((a) => a.lot_id === lot.lot_id).reduce((s, a) => s + a.quantity, 0)
        assert(Number(await cell("pick-quantity")) === units, `lot ${lot.lot_number} shows ${await cell("pick-quantity")} units, not ${units}`)
        assert((await area.getByTestId("pick-line").count()) === new Set(reserved.map((a) => a.lot_id)).size, "the pick list has other lines than the order's lots")
        const location = (await area.getByTestId("pick-location").first().locator("h2").innerText()).trim()
        assert(/Warehouse/.test(location), `the lines are not under their location: "${location}"`)
        await page.mouse.move(0, 0)
        await ctx.shot("pick-list-screen")

        await expectPrintOnlyDocument("pick-list-print-area", "pick-list-toolbar", ["Pick list", lot.lot_number, calendarDate(lot.expires_at)])
        await page.emulateMedia({ media: "screen" })
        state.lot = lot
        state.binned = !!putAway
      },
    },
    {
      name: "pick list page: choose open orders, then their pick list in walking order (natural bins), printed",
      async run() {
        const { openOrder, publishableKey } = ctx.data
        // Two more open orders, their lots put away on shelves whose natural order differs from the text's.
        const handles = {
          "SHAMPOO-ARGAN-250": "argan-repair-shampoo",
          "CREAM-HYAL-50": "hyaluronic-day-cream",
          "VITC-1000-60": "vitamin-c-1000",
          "OMEGA3-120": "omega-3-fish-oil",
        }
        const variants = {}
        for (const [sku, handle] of Object.entries(handles)) {
          const { products } = await call("GET", `/admin/products?handle=${handle}&fields=id,variants.id,variants.sku`)
          const variant = (products[0]?.variants ?? []).find((v) => v.sku === sku)
          assert(variant, `the demo product ${sku} is missing`)
          variants[sku] = variant.id
        }
        const placed = []
        for (const items of [
          [["SHAMPOO-ARGAN-250", 2], ["CREAM-HYAL-50", 1]],
          [["SHAMPOO-ARGAN-250", 1], ["VITC-1000-60", 3], ["OMEGA3-120", 1]],
        ]) {
          const order = await ctx.api.placeOrder(publishableKey, {
            email: `picker+${Date.now().toString(36)}@lot-tracking.test`,
            items: items.map(([sku, quantity]) => ({ variant_id: variants[sku], quantity })),
          })
          placed.push({ order, lots: await ctx.api.waitForOrderLots(order.id) })
        }
        const pairs = new Map()
        for (const { lots } of placed) {
          for (const a of lots.lines.flatMap((l) => l.allocations.filter((x) => x.status === "reserved"))) {
            if (a.lot_id !== state.lot?.lot_id) pairs.set(`${a.lot_id}|${a.location_id}`, a)
          }
        }
        const bins = ["A-2", "B-10", "B-2", "A-30", "C-1", "C-11"]
        let i = 0
        for (const a of pairs.values()) {
          const bin = bins[i++ % bins.length]
          const res = await call("POST", `/admin/lots/${a.lot_id}/put-away`, { location_id: a.location_id, bin })
          assert(res || !state.binned, `put-away of ${a.lot_number} answered 404`)
        }

        await open("/lots/pick-list", "pick-list-order-table")
        await testId(`pick-order-${openOrder.display_id}`).waitFor({ timeout: STEP_MS })
        for (const { order } of placed) await testId(`pick-order-${order.display_id}`).waitFor({ timeout: STEP_MS })
        // A shipped order has nothing left to pick: not offered.
        assert(!(await testId(`pick-order-${ctx.data.order.display_id}`).count()), `shipped order #${ctx.data.order.display_id} is offered for picking`)
        await page.getByRole("checkbox", { name: "Choose every order shown" }).click()
        const make = testId("pick-list-make")
        const label = (await make.innerText()).trim()
        const chosen = Number(/Pick list for (\d+) orders/.exec(label)?.[1])
        assert(chosen >= 3, `the button reads "${label}" after choosing every order`)
        await page.mouse.move(0, 0)
        await ctx.shot("pick-list-choose")
        await make.click()
        await page.waitForURL(/\/lots\/pick-list\?order_id=/, { timeout: STEP_MS })
        const area = testId("pick-list-print-area")
        await area.getByTestId("pick-line").first().waitFor({ timeout: STEP_MS })
        const orders = (await testId("pick-list-orders").innerText()).trim()
        for (const o of [openOrder, ...placed.map((p) => p.order)]) {
          assert(orders.includes(`#${o.display_id}`), `the pick list names "${orders}", without order #${o.display_id}`)
        }
        // Per location, the bins in natural order, lines without a bin last.
        for (const group of await area.getByTestId("pick-location").all()) {
          const seen = await group.getByTestId("pick-line").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-bin") || ""))
          const sorted = [...seen].sort(naturalBinOrder)
          assert(JSON.stringify(seen) === JSON.stringify(sorted), `the bins are not in walking order: ${seen.join(", ")}`)
          if (seen.includes("A-2") && seen.includes("A-12")) {
            assert(seen.indexOf("A-2") < seen.indexOf("A-12"), `A-12 comes before A-2: ${seen.join(", ")}`)
          }
        }
        await expectPrintOnlyDocument("pick-list-print-area", "pick-list-toolbar", ["Pick list", "A-2"])
        await ctx.shot("pick-list-print", { height: 1000 })
        await page.emulateMedia({ media: "screen" })
      },
    },
    {
      name: "packing slip of the shipped order: lot numbers and expiry dates per line; printed without the admin",
      async run() {
        const { order, shippedLot } = ctx.data
        const { lot } = await call("GET", `/admin/lots/${shippedLot.lot_id}`)
        await open(`/orders/${order.id}`, "order-lots-widget")
        await testId("order-packing-slip").click()
        await page.waitForURL(/\/lots\/packing-slip\?order_id=/, { timeout: STEP_MS })
        const area = testId("packing-slip-print-area")
        await area.waitFor({ timeout: STEP_MS })
        const slipLot = area.locator(`[data-testid="slip-lot"][data-lot="${lot.lot_number}"]`)
        await slipLot.first().waitFor({ timeout: STEP_MS })
        const text = (await slipLot.first().innerText()).replace(/\s+/g, " ").trim()
        assert(text.includes(`Exp. ${calendarDate(lot.expires_at)}`), `the slip's lot reads "${text}", without its expiry ${calendarDate(lot.expires_at)}`)
        assert(!text.includes("reserved"), `the shipped lot is marked reserved: "${text}"`)
        assert((await area.getByTestId("slip-order").innerText()).includes(`#${order.display_id}`), "the slip does not name the order")
        const address = (await area.getByTestId("slip-address").innerText()).replace(/\s+/g, " ")
        assert(/France/.test(address), `the ship-to address reads "${address}"`)

        // One parcel: its fulfilment's slip.
        await testId("packing-slip-scope").click()
        await page.getByRole("option", { name: /^Fulfillment 1/ }).click()
        await page.waitForURL(/fulfillment_id=/, { timeout: STEP_MS })
        await area.getByTestId("slip-fulfillment").waitFor({ timeout: STEP_MS })
        await area.locator(`[data-testid="slip-lot"][data-lot="${lot.lot_number}"]`).first().waitFor({ timeout: STEP_MS })

        await page.mouse.move(0, 0)
        await expectPrintOnlyDocument("packing-slip-print-area", "packing-slip-toolbar", [
          "Packing slip",
          `Lot ${lot.lot_number}`,
          calendarDate(lot.expires_at),
        ])
        await ctx.shot("packing-slip-print")
        await page.emulateMedia({ media: "screen" })
      },
    },
  ]
}

module.exports = { steps }
