"use strict"
/**
 * The admin UI in a real browser: what a quality lead does with lots, from
 * receiving a batch (GS1 scan) to recalling one, and with serial numbers
 * (received, found, scanned for an order, named when they come back,
 * recalled). Run by integration-tests/browser/run.js against `medusa develop`
 * on a fresh, seeded database.
 *
 * Each step is named; a failing step fails the run (later steps that need its
 * result are skipped). Screenshots go to `ctx.shotsDir` (outside the
 * repository while the server runs).
 */

const fs = require("fs")
const path = require("path")

const ADMIN_EMAIL = "admin@lot-tracking.test"
const ADMIN_PASSWORD = "supersecret"

const FIRST_LOAD_MS = 240_000
const STEP_MS = 30_000

function assert(cond, message) {
  if (!cond) throw new Error(message)
}

/** YYMMDD of a calendar date. */
const yymmdd = (iso) => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10)
const addDays = (iso, n) => new Date(Date.parse(iso + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10)
const lastDayOfMonth = (iso) => {
  const [y, m] = iso.split("-").map(Number)
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/**
 * The steps. `ctx`: { page, baseUrl, api, shot(name), log, data } where data
 * holds what the setup made (orders, items, the publishable key) and api is
 * browser/api.js logged in as the admin.
 */
function steps(ctx) {
  const { page, baseUrl } = ctx
  const url = (p) => baseUrl + "/app" + p
  const testId = (id) => page.getByTestId(id)
  const state = {}

  /** Full navigation; the dashboard's code is cached after the first load. */
  async function open(p, readyTestId, timeout = 60_000) {
    await page.goto(url(p), { waitUntil: "domcontentloaded", timeout })
    if (readyTestId) await testId(readyTestId).first().waitFor({ state: "visible", timeout })
  }

  async function scrollModalTop(id) {
    await page.evaluate((tid) => {
      const root = document.querySelector(`[data-testid="${tid}"]`)
      root?.querySelectorAll("*").forEach((el) => {
        if (el.scrollTop > 0) el.scrollTop = 0
      })
    }, id)
  }

  /** The admin API with the page's session (what the dashboard itself calls). */
  async function apiCall(method, p, body) {
    const res = await page.request.fetch(baseUrl + p, { method, data: body, headers: { accept: "application/json" } })
    assert(res.ok(), `${method} ${p} answered ${res.status()}: ${(await res.text()).slice(0, 300)}`)
    return res.json()
  }

  async function toastWith(text) {
    await page.getByText(text, { exact: false }).first().waitFor({ state: "visible", timeout: STEP_MS })
  }

  return [
    {
      name: "log in to the admin",
      async run() {
        // The first load compiles the dashboard (Vite); a dependency found late
        // makes Vite reload the page once, so the form is filled when things are quiet.
        for (let attempt = 1; ; attempt++) {
          try {
            await page.goto(url("/login"), { waitUntil: "domcontentloaded", timeout: FIRST_LOAD_MS })
            const email = page.locator('input[name="email"]')
            await email.waitFor({ state: "visible", timeout: FIRST_LOAD_MS })
            await page.waitForLoadState("networkidle", { timeout: 60_000 }).catch(() => {})
            await email.fill(ADMIN_EMAIL)
            await page.locator('input[name="password"]').fill(ADMIN_PASSWORD)
            await page.locator('button[type="submit"]').click()
            await page.waitForURL((u) => !u.pathname.endsWith("/login"), { timeout: 60_000 })
            break
          } catch (e) {
            if (attempt >= 3) throw e
            ctx.log(`login attempt ${attempt} failed (${e.message.split("\n")[0]}); retrying`)
          }
        }
      },
    },
    {
      name: "Lots page: KPIs, table, filters, sorting",
      async run() {
        await open("/lots", "lots-table")
        await page.getByText("SH-25-1102").first().waitFor({ timeout: STEP_MS })
        await testId("kpi-traceability_rate").waitFor({ timeout: STEP_MS })
        // A filter from the filter menu: status = quarantined shows the seed's quarantined lot only.
        await page.locator('[data-testid="lots-filter-menu"] button').click()
        await page.getByRole("menuitem", { name: "Status" }).click()
        await page.getByRole("button", { name: "Quarantined", exact: true }).click()
        await page.keyboard.press("Escape")
        await page.getByText("VC2510C").first().waitFor({ timeout: STEP_MS })
        await page.waitForFunction(() => !document.body.innerText.includes("SH-25-1102"), null, { timeout: STEP_MS })
        await page.goto(url("/lots"), { waitUntil: "domcontentloaded" })
        await page.getByText("SH-25-1102").first().waitFor({ timeout: STEP_MS })
        await page.mouse.move(0, 0)
        await ctx.shot("lots", { height: 1000 })
      },
    },
    {
      name: "receive a lot through the form with a GS1 scan (API error shown at its field)",
      async run() {
        const today = ctx.data.today
        const made = addDays(today, -10)
        const expiryMonth = addDays(today, 420)
        const expires = lastDayOfMonth(expiryMonth)
        // Day 00 in AI 17 = last day of the month.
        const scan = (lot) => `(01)03453120000011(11)${yymmdd(made)}(17)${yymmdd(expiryMonth).slice(0, 4)}00(10)${lot}`

        await testId("open-receive").click()
        await testId("receive-lot-modal").waitFor({ timeout: STEP_MS })
        await testId("item-search").fill("SHAMPOO")
        await testId("item-option").filter({ hasText: "SHAMPOO-ARGAN-250" }).first().click()
        await testId("selected-item").waitFor({ timeout: STEP_MS })

        // 1. A scan of a lot number that exists: the API refuses, the form says so under "Lot number".
        await testId("gs1-scan-input").fill(scan("SH-25-1102"))
        await testId("gs1-scan-input").press("Enter")
        await testId("gs1-elements").waitFor({ timeout: STEP_MS })
        assert((await page.locator("#lot_number").inputValue()) === "SH-25-1102", "the scan did not fill the lot number")
        assert((await page.locator("#expires_at").inputValue()) === expires, `the scan did not fill the expiry (${expires})`)
        assert((await page.locator("#manufactured_at").inputValue()) === made, "the scan did not fill the production date")
        await page.locator('[data-testid="qty-input"][data-location-name="Paris Warehouse"]').fill("48")
        await page.locator('[data-testid="qty-input"][data-location-name="Rotterdam Warehouse"]').fill("12")
        await testId("receive-submit").click()
        const fieldError = testId("error-lot_number")
        await fieldError.waitFor({ timeout: STEP_MS })
        assert(/already exists/.test(await fieldError.innerText()), "the duplicate lot number error is not under the lot number field")
        await scrollModalTop("receive-lot-modal")
        await ctx.shot("receive-lot-error", { height: 1150 })

        // 2. The label of the new batch: scanned in the DataMatrix form (FNC1 = GS).
        state.lotNumber = `BRW-${Date.now().toString(36).toUpperCase()}`
        const gs = "\u001d"
        await testId("gs1-scan-input").fill(
          `]d2010345312000001111${yymmdd(made)}17${yymmdd(expiryMonth).slice(0, 4)}0010${state.lotNumber}${gs}21SERIAL1`
        )
        await testId("gs1-read").click()
        await page.waitForFunction(
          (n) => document.querySelector("#lot_number")?.value === n,
          state.lotNumber,
          { timeout: STEP_MS }
        )
        assert(!(await fieldError.isVisible()), "the old error is still shown after a new scan")
        await page.locator("#supplier").fill("Laboratoires Durand")
        await scrollModalTop("receive-lot-modal")
        await ctx.shot("receive-lot", { height: 1150 })
        await testId("receive-submit").click()
        await testId("receive-lot-modal").waitFor({ state: "hidden", timeout: STEP_MS })
        await toastWith(`Lot ${state.lotNumber} received`)
      },
    },
    {
      name: "find the new lot in the list",
      async run() {
        assert(state.lotNumber, "no lot was received")
        await page.getByPlaceholder("Lot or supplier code").fill(state.lotNumber.slice(0, 10))
        const row = page.locator("tr", { hasText: state.lotNumber })
        await row.first().waitFor({ timeout: STEP_MS })
        const text = await row.first().innerText()
        assert(/60/.test(text) && /Active/.test(text), `the new lot's row is wrong: ${text}`)
        await row.first().click()
        await page.waitForURL(/\/app\/lots\/lot_/, { timeout: STEP_MS })
        state.lotUrl = page.url()
      },
    },
    {
      name: "quarantine the new lot",
      async run() {
        assert(state.lotUrl, "no lot page")
        await testId("lot-heading").filter({ hasText: state.lotNumber }).waitFor({ timeout: STEP_MS })
        await testId("quarantine-button").click()
        await testId("quarantine-drawer").waitFor({ timeout: STEP_MS })
        await testId("quarantine-reason").fill("Browser test: awaiting QC release")
        await testId("quarantine-submit").click()
        await testId("lot-general").getByText("Quarantined").first().waitFor({ timeout: STEP_MS })
        await testId("lot-ledger").getByText("Quarantined").first().waitFor({ timeout: STEP_MS })
        await testId("release-button").waitFor({ timeout: STEP_MS })
        await page.mouse.move(0, 0)
        await ctx.shot("lot-quarantined", { height: 1050 })
      },
    },
    {
      name: "count the new lot (adjust to counted quantity)",
      async run() {
        assert(state.lotUrl, "no lot page")
        await testId("stock-actions-Paris Warehouse").click()
        await page.getByRole("menuitem", { name: "Adjust to counted quantity" }).click()
        await testId("stock-action-drawer").waitFor({ timeout: STEP_MS })
        await testId("action-quantity").fill("45")
        await page.locator("#reason").fill("Cycle count")
        await testId("action-submit").click()
        await testId("stock-action-drawer").waitFor({ state: "hidden", timeout: STEP_MS })
        await testId("lot-stock").getByText("57 in stock").waitFor({ timeout: STEP_MS })
        await testId("lot-ledger").getByText("Counted / adjusted").first().waitFor({ timeout: STEP_MS })
      },
    },
    {
      name: "choose the lots of an unfulfilled order line in the order widget",
      async run() {
        const { openOrder } = ctx.data
        await open(`/orders/${openOrder.id}`, "order-lots-widget")
        const widget = testId("order-lots-widget")
        await widget.getByText(openOrder.reserved).first().waitFor({ timeout: STEP_MS })
        await widget.getByTestId("choose-lots").click()
        await testId("choose-lots-drawer").waitFor({ timeout: STEP_MS })
        // Move both units from the FEFO lot to a later one.
        await page.locator(`[data-testid="choose-qty-${openOrder.reserved}"]`).fill("")
        await testId("choose-qty-VC2509B").fill("2")
        await ctx.shot("order-choose-lots")
        await testId("choose-lots-submit").click()
        await testId("choose-lots-drawer").waitFor({ state: "hidden", timeout: STEP_MS })
        const allocation = widget.getByTestId("order-lot-allocation").filter({ hasText: "VC2509B" })
        await allocation.getByText("reserved").waitFor({ timeout: STEP_MS })
        assert((await widget.getByTestId("order-lot-allocation").count()) === 1, "the FEFO lot is still reserved")
      },
    },
    {
      name: "order widget shows the lots of a fulfilled order",
      async run() {
        const { order, shippedLot } = ctx.data
        await open(`/orders/${order.id}`, "order-lots-widget")
        const widget = testId("order-lots-widget")
        await widget.getByText(shippedLot.lot_number).first().waitFor({ timeout: STEP_MS })
        await widget.getByText("fulfilled").first().waitFor({ timeout: STEP_MS })
        await widget.scrollIntoViewIfNeeded()
        await ctx.shot("order-widget")
      },
    },
    {
      name: "name the lot of returned units in the order's return lots widget",
      async run() {
        const { order, shippedLot } = ctx.data
        // The admin API with the page's session.
        const call = async (method, p, body) => {
          const res = await page.request.fetch(baseUrl + p, { method, data: body })
          assert(res.ok(), `${method} ${p} answered ${res.status()}: ${(await res.text()).slice(0, 300)}`)
          return res.json()
        }
        // A return of one unit, received but not confirmed (Medusa's admin return flow).
        const { order_lots } = await call("GET", `/admin/orders/${order.id}/lots`)
        const line = order_lots.lines.find((l) => l.allocations.some((a) => a.status === "fulfilled"))
        const { return: ret } = await call("POST", "/admin/returns", { order_id: order.id, location_id: shippedLot.location_id })
        await call("POST", `/admin/returns/${ret.id}/request-items`, { items: [{ id: line.line_item_id, quantity: 1 }] })
        await call("POST", `/admin/returns/${ret.id}/request`, {})
        await call("POST", `/admin/returns/${ret.id}/receive`, {})
        await call("POST", `/admin/returns/${ret.id}/receive-items`, { items: [{ id: line.line_item_id, quantity: 1 }] })

        await open(`/orders/${order.id}`, "return-lots-widget")
        const card = testId("return-lots-widget").locator(`[data-return-id="${ret.id}"]`)
        await card.getByTestId("name-return-lots").click()
        await testId("return-lots-drawer").waitFor({ timeout: STEP_MS })
        await testId(`return-qty-${shippedLot.lot_number}`).fill("1")
        await ctx.shot("return-name-lots")
        await testId("return-lots-submit").click()
        await testId("return-lots-drawer").waitFor({ state: "hidden", timeout: STEP_MS })
        await card.getByTestId("return-named").getByText(`${shippedLot.lot_number} × 1`).waitFor({ timeout: STEP_MS })

        // Confirming the receipt puts the unit back into the named lot.
        await call("POST", `/admin/returns/${ret.id}/receive/confirm`, {})
        const deadline = Date.now() + STEP_MS
        for (;;) {
          const { return_lots } = await call("GET", `/admin/returns/${ret.id}/lots`)
          const back = return_lots.lines.flatMap((l) => l.items.flatMap((i) => i.returned))
          if (back.some((r) => r.lot_id === shippedLot.lot_id && r.quantity === 1)) break
          assert(Date.now() < deadline, `the returned unit did not reach ${shippedLot.lot_number}: ${JSON.stringify(return_lots)}`)
          await page.waitForTimeout(300)
        }
        await open(`/orders/${order.id}`, "return-lots-widget")
        await card.getByText(`This return: ${shippedLot.lot_number} × 1`).waitFor({ timeout: STEP_MS })
        await card.scrollIntoViewIfNeeded()
        await ctx.shot("order-return-lots")
      },
    },
    {
      name: "lot page: stock, ledger and forward trace to the order",
      async run() {
        const { order, shippedLot } = ctx.data
        await open(`/lots/${shippedLot.lot_id}`, "lot-trace")
        await testId("trace-table").getByText(`#${order.display_id}`).waitFor({ timeout: STEP_MS })
        await testId("movement-timeline").getByText("Shipped").first().waitFor({ timeout: STEP_MS })
        await ctx.shot("lot-detail", { height: 1250 })
      },
    },
    {
      name: "inventory item page: tracking policy and lots",
      async run() {
        await open(`/inventory/${ctx.data.shampoo.inventoryItemId}`, "policy-widget")
        await testId("inventory-lots-widget").getByRole("link", { name: "SH-25-1102" }).waitFor({ timeout: STEP_MS })
        await testId("policy-widget").getByText("FEFO").waitFor({ timeout: STEP_MS })
        await testId("policy-widget").scrollIntoViewIfNeeded()
        await ctx.shot("inventory-item-widget")
      },
    },
    {
      name: "inventory item page: units held back from sale, explained by their lots",
      async run() {
        // The demo's vitamin C has one quarantined lot (VC2510C, 90 units in Paris): the
        // plugin's hold reservation keeps them out of Medusa's available quantity.
        const get = async (p) => {
          const res = await page.request.get(baseUrl + p)
          assert(res.ok(), `GET ${p} answered ${res.status()}: ${(await res.text()).slice(0, 300)}`)
          return res.json()
        }
        const { inventory_items } = await get("/admin/inventory-items?sku=VITC-1000-60&fields=id,sku")
        const itemId = inventory_items[0]?.id
        assert(itemId, "the demo item VITC-1000-60 is missing (seed?)")
        const { holds } = await get(`/admin/lot-tracking/holds?inventory_item_id=${itemId}`)
        const parisHold = holds.find((h) => h.location_name === "Paris Warehouse")
        assert(
          parisHold && parisHold.quantity === 90 && parisHold.lots.some((l) => l.lot_number === "VC2510C" && l.reason === "quarantined"),
          `GET /admin/lot-tracking/holds has no hold of VC2510C's 90 quarantined units in Paris: ${JSON.stringify(holds)}`
        )

        await open(`/inventory/${itemId}`, "inventory-lots-widget")
        const widget = testId("inventory-hold-widget")
        const paris = widget.locator('[data-testid="hold-location"][data-location-name="Paris Warehouse"]')
        await paris.getByTestId("held-units").getByText("90 units held back from sale").waitFor({ timeout: STEP_MS })
        const lot = paris.getByTestId("held-lot").filter({ hasText: "VC2510C" })
        const lotText = (await lot.innerText()).replace(/\s+/g, " ").trim()
        assert(lotText === "VC2510C quarantined: 90", `the held lot reads "${lotText}", not "VC2510C quarantined: 90"`)
        assert(
          (await widget.getByTestId("hold-location").count()) === 1,
          "a location other than Paris shows held units (the quarantined lot is only in Paris)"
        )
        const explanation = await widget.getByTestId("hold-explanation").innerText()
        assert(/Held by lot tracking/.test(explanation), `the explanation does not name the reservation: ${explanation}`)
        assert(/release or write off the quarantined lot/.test(explanation), `the explanation does not say what frees them: ${explanation}`)
        await widget.scrollIntoViewIfNeeded()
        await page.mouse.move(0, 0)
        await ctx.shot("inventory-item-hold")
      },
    },
    {
      name: "onboarding: assign an item's units not in any lot to lots from the inventory item widget",
      async run() {
        const { oil, today } = ctx.data
        const level = async () => {
          const { inventory_levels } = await apiCall("GET", `/admin/inventory-items/${oil.inventoryItemId}/location-levels?location_id=${oil.parisId}`)
          return Number(inventory_levels[0].stocked_quantity)
        }
        assert((await level()) === 50, "the setup did not give the item 50 units in Paris")
        await open(`/inventory/${oil.inventoryItemId}`, "unassigned-widget")
        const paris = testId("unassigned-widget").locator('[data-testid="unassigned-location"][data-location-name="Paris Warehouse"]')
        await paris.getByTestId("unassigned-units").getByText("50 units not in any lot").waitFor({ timeout: STEP_MS })
        await testId("unassigned-widget").scrollIntoViewIfNeeded()
        await page.mouse.move(0, 0)
        await ctx.shot("inventory-item-unassigned")

        await paris.getByTestId("assign-to-lots").click()
        const drawer = testId("opening-balance-drawer")
        await drawer.waitFor({ timeout: STEP_MS })
        const remaining = drawer.getByTestId("opening-balance-remaining")
        const lots = drawer.getByTestId("opening-balance-lot")
        // One lot holding every unit to start with; staff split it.
        assert((await lots.nth(0).getByTestId("opening-quantity").inputValue()) === "50", "the first lot does not propose the 50 units")
        await remaining.getByText("All 50 units assigned").waitFor({ timeout: STEP_MS })
        state.openingLot = `OB-${Date.now().toString(36).toUpperCase()}`
        state.openingSupplierCode = `SUP-${Date.now().toString(36).toUpperCase()}`
        const first = lots.nth(0)
        await first.getByTestId("opening-quantity").fill("30")
        await remaining.getByText("20 units of 50 left to assign").waitFor({ timeout: STEP_MS })
        await first.getByTestId("opening-lot_number").fill(state.openingLot)
        await first.getByTestId("opening-expires_at").fill(addDays(today, 300))
        await first.getByTestId("opening-bin").fill("A-01-03")
        // A supplier code longer than the plugin keeps: the API refuses, its message shows under the field.
        await first.getByTestId("opening-supplier_lot_code").fill("S".repeat(101))
        await drawer.getByTestId("opening-balance-add-lot").click()
        const second = lots.nth(1)
        assert((await second.getByTestId("opening-quantity").inputValue()) === "20", "the new lot does not propose the 20 units left")
        // More units than are unassigned: the form says so before sending.
        await second.getByTestId("opening-quantity").fill("25")
        await remaining.getByText("5 units more than the 50 not in any lot").waitFor({ timeout: STEP_MS })
        await testId("opening-balance-submit").click()
        await testId("error-opening-balance-total").getByText("only 50 units at Paris Warehouse").waitFor({ timeout: STEP_MS })
        await second.getByTestId("opening-quantity").fill("15")
        await second.getByTestId("opening-expires_at").fill(addDays(today, 200))
        await remaining.getByText("5 units of 50 left to assign").waitFor({ timeout: STEP_MS })
        await testId("opening-balance-submit").click()
        const codeError = testId("error-opening-0-supplier_lot_code")
        await codeError.waitFor({ timeout: STEP_MS })
        assert(/supplier_lot_code/.test(await codeError.innerText()), `the API's refusal is not under the supplier lot code: ${await codeError.innerText()}`)
        assert((await level()) === 50, "a refused opening balance changed Medusa's level")
        await first.getByTestId("opening-supplier_lot_code").fill(state.openingSupplierCode)
        await ctx.shot("opening-balance", { height: 1100 })
        await testId("opening-balance-submit").click()
        await drawer.waitFor({ state: "hidden", timeout: STEP_MS })
        await toastWith("45 units of")
        // What is left shows; the lots are in the widget, with their bin.
        await paris.getByTestId("unassigned-units").getByText("5 units not in any lot").waitFor({ timeout: STEP_MS })
        await testId("inventory-lots-widget").getByRole("link", { name: state.openingLot }).waitFor({ timeout: STEP_MS })
        await testId("inventory-lots-widget").getByText("A-01-03", { exact: false }).waitFor({ timeout: STEP_MS })

        // The last 5 units: one more lot, number generated; the callout goes away.
        await paris.getByTestId("assign-to-lots").click()
        await drawer.waitFor({ timeout: STEP_MS })
        assert((await lots.nth(0).getByTestId("opening-quantity").inputValue()) === "5", "the drawer does not propose the 5 units left")
        await lots.nth(0).getByTestId("opening-expires_at").fill(addDays(today, 250))
        await testId("opening-balance-submit").click()
        await drawer.waitFor({ state: "hidden", timeout: STEP_MS })
        await testId("unassigned-widget").waitFor({ state: "hidden", timeout: STEP_MS })
        assert((await level()) === 50, "assigning units to lots moved Medusa's level")
        const { lots: found } = await apiCall("GET", `/admin/lots?q=${encodeURIComponent(state.openingSupplierCode)}&limit=5`)
        const lot = found.find((l) => l.lot_number === state.openingLot)
        assert(lot, `GET /admin/lots?q=<supplier code> does not find ${state.openingLot}: ${JSON.stringify(found.map((l) => l.lot_number))}`)
        assert(lot.supplier_lot_code === state.openingSupplierCode, `the lot's supplier code is ${lot.supplier_lot_code}`)
        const stock = lot.stock.find((s) => s.location_id === oil.parisId)
        assert(stock && stock.stocked_quantity === 30 && stock.bin === "A-01-03", `the lot's Paris stock is ${JSON.stringify(stock)}`)
        await testId("inventory-lots-widget").scrollIntoViewIfNeeded()
        await page.mouse.move(0, 0)
        await ctx.shot("inventory-item-assigned")
      },
    },
    {
      name: "bins and supplier lot codes: receive a lot with a supplier lot code and a bin",
      async run() {
        const { today } = ctx.data
        state.binLotCode = `SUPR-${Date.now().toString(36).toUpperCase()}`
        await open("/lots", "lots-table")
        await testId("open-receive").click()
        await testId("receive-lot-modal").waitFor({ timeout: STEP_MS })
        await testId("item-search").fill("OIL-ROSEHIP")
        await testId("item-option").filter({ hasText: "OIL-ROSEHIP-30" }).first().click()
        await testId("selected-item").waitFor({ timeout: STEP_MS })
        // The lot number is generated; the supplier's own code is kept beside it.
        await page.locator("#supplier_lot_code").fill(state.binLotCode)
        await page.locator("#supplier").fill("Huilerie Martin")
        await page.locator("#expires_at").fill(addDays(today, 365))
        await page.locator('[data-testid="qty-input"][data-location-name="Paris Warehouse"]').fill("12")
        // A bin longer than 32 characters is refused at its location before sending.
        const bin = page.locator('[data-testid="bin-input"][data-location-name="Paris Warehouse"]')
        await bin.fill("B".repeat(33))
        await testId("receive-submit").click()
        await page.locator('[data-testid="error-bin"][data-location-name="Paris Warehouse"]').waitFor({ timeout: STEP_MS })
        await bin.fill("B-02-01")
        await scrollModalTop("receive-lot-modal")
        await ctx.shot("receive-lot-bin", { height: 1150 })
        await testId("receive-submit").click()
        await testId("receive-lot-modal").waitFor({ state: "hidden", timeout: STEP_MS })
        await toastWith("received")

        // Search finds the lot by its supplier code; the row shows the code and the bin.
        await page.getByPlaceholder("Lot or supplier code").fill(state.binLotCode)
        const row = testId("lots-table").locator("tbody tr", { hasText: state.binLotCode })
        await row.first().waitFor({ timeout: STEP_MS })
        await row.first().getByTestId("supplier-code-cell").getByText(state.binLotCode).waitFor({ timeout: STEP_MS })
        await row.first().getByTestId("lot-bin").getByText("B-02-01").waitFor({ timeout: STEP_MS })
        state.binLotNumber = (await row.first().getByTestId("lot-number-cell").innerText()).trim()
        await row.first().click()
        await page.waitForURL(/\/app\/lots\/lot_/, { timeout: STEP_MS })
        state.binLotUrl = page.url()
        await testId("lot-supplier-code").getByText(state.binLotCode).waitFor({ timeout: STEP_MS })
      },
    },
    {
      name: "bins: put a lot's units away in another bin on the lot page",
      async run() {
        assert(state.binLotUrl, "no lot was received with a bin")
        await testId("lot-heading").filter({ hasText: state.binLotNumber }).waitFor({ timeout: STEP_MS })
        const binCell = page.locator('[data-testid="stock-bin"][data-location-name="Paris Warehouse"]')
        await binCell.getByText("B-02-01").waitFor({ timeout: STEP_MS })
        await testId("stock-actions-Paris Warehouse").click()
        await page.getByRole("menuitem", { name: "Put away (bin)" }).click()
        const drawer = testId("put-away-drawer")
        await drawer.waitFor({ timeout: STEP_MS })
        assert((await testId("put-away-bin").inputValue()) === "B-02-01", "the put-away drawer does not show the current bin")
        await testId("put-away-bin").fill("C-03-02")
        await ctx.shot("put-away")
        await testId("put-away-submit").click()
        await drawer.waitFor({ state: "hidden", timeout: STEP_MS })
        await binCell.getByText("C-03-02").waitFor({ timeout: STEP_MS })
        await testId("lot-ledger").getByText(/put.away/i).first().waitFor({ timeout: STEP_MS })
        const { lot } = await apiCall("GET", `/admin/lots/${state.binLotUrl.split("/").pop()}`)
        assert(lot.stock.find((s) => s.location_name === "Paris Warehouse")?.bin === "C-03-02", `the lot's bin is not C-03-02: ${JSON.stringify(lot.stock)}`)
        await page.mouse.move(0, 0)
        await ctx.shot("lot-bins", { height: 1100 })
      },
    },
    {
      name: "bins: filter the lots list by bin; Export CSV downloads what the list selects; Import opens the import page",
      async run() {
        assert(state.binLotNumber, "no lot was put away")
        await open("/lots", "lots-table")
        await page.getByText("SH-25-1102").first().waitFor({ timeout: STEP_MS })
        await page.locator('[data-testid="lots-filter-menu"] button').click()
        await page.getByRole("menuitem", { name: "Bin" }).click()
        await page.getByPlaceholder("Shelf code, e.g. A-01-03").fill("C-03-02")
        await page.getByPlaceholder("Shelf code, e.g. A-01-03").press("Enter")
        await page.keyboard.press("Escape")
        const rows = testId("lots-table").locator("tbody tr")
        await rows.filter({ hasText: state.binLotNumber }).first().waitFor({ timeout: STEP_MS })
        await page.waitForFunction(() => !document.body.innerText.includes("SH-25-1102"), null, { timeout: STEP_MS })
        assert((await rows.count()) === 1, `the bin filter shows ${await rows.count()} rows, not 1`)

        // The export link carries the list's filters.
        const href = await testId("lots-export").getAttribute("href")
        const params = new URL(href, baseUrl).searchParams
        assert(/\/admin\/lots\/export\?/.test(href), `the export link is ${href}`)
        assert(params.get("format") === "csv" && params.get("bin") === "C-03-02", `the export link does not carry the bin filter: ${href}`)
        const res = await page.request.get(new URL(href, baseUrl).toString())
        assert(res.ok(), `GET ${href} answered ${res.status()}: ${(await res.text()).slice(0, 300)}`)
        const csv = await res.text()
        assert(csv.includes(state.binLotNumber) && csv.includes("C-03-02"), `the export does not hold the lot and its bin:\n${csv.slice(0, 500)}`)
        assert(!csv.includes("SH-25-1102"), "the export holds lots the filter leaves out")
        await page.mouse.move(0, 0)
        await ctx.shot("lots-bin-filter")

        await testId("lots-import").click()
        await page.waitForURL(/\/app\/lots\/import/, { timeout: STEP_MS })
      },
    },
    {
      name: "bins: clear a lot's bin on the lot page",
      async run() {
        assert(state.binLotUrl, "no lot was put away")
        await page.goto(state.binLotUrl, { waitUntil: "domcontentloaded" })
        const binCell = page.locator('[data-testid="stock-bin"][data-location-name="Paris Warehouse"]')
        await binCell.getByText("C-03-02").waitFor({ timeout: STEP_MS })
        await testId("stock-actions-Paris Warehouse").click()
        await page.getByRole("menuitem", { name: "Put away (bin)" }).click()
        await testId("put-away-drawer").waitFor({ timeout: STEP_MS })
        await testId("put-away-bin").fill("")
        await testId("put-away-submit").getByText("Clear bin").waitFor({ timeout: STEP_MS })
        await testId("put-away-submit").click()
        await testId("put-away-drawer").waitFor({ state: "hidden", timeout: STEP_MS })
        await binCell.getByText("-", { exact: true }).waitFor({ timeout: STEP_MS })
        const { lot } = await apiCall("GET", `/admin/lots/${state.binLotUrl.split("/").pop()}`)
        const paris = lot.stock.find((s) => s.location_name === "Paris Warehouse")
        assert(paris && paris.bin === null && paris.stocked_quantity === 12, `the bin was not cleared: ${JSON.stringify(lot.stock)}`)
      },
    },
    {
      name: "product variant page: lot summary",
      async run() {
        const { productId, variantId } = ctx.data.shampoo
        await open(`/products/${productId}/variants/${variantId}`, "variant-lots-widget")
        await testId("variant-lots-widget").getByRole("link", { name: "SH-25-1102" }).waitFor({ timeout: STEP_MS })
        await testId("variant-lots-widget").scrollIntoViewIfNeeded()
        await ctx.shot("product-variant-widget")
      },
    },
    {
      name: "Expiry page: expired stock and lots expiring soon",
      async run() {
        await open("/lots/expiry", "expired-section")
        await testId("expired-table").getByText("SH-24-0917").waitFor({ timeout: STEP_MS })
        await testId("expiring-table").getByText("HC-0425").waitFor({ timeout: STEP_MS })
        await ctx.shot("expiry")
        // Write the expired stock off.
        await testId("write-off-SH-24-0917-Paris Warehouse").click()
        await testId("stock-action-drawer").waitFor({ timeout: STEP_MS })
        assert((await testId("action-quantity").inputValue()) === "14", "the write-off does not propose the units on hand")
        await testId("action-submit").click()
        await testId("stock-action-drawer").waitFor({ state: "hidden", timeout: STEP_MS })
        await testId("expired-section").getByText("No expired stock.").waitFor({ timeout: STEP_MS })
      },
    },
    {
      name: "KPI page: five KPIs with their definitions on hover",
      async run() {
        await open("/lots/kpis", "kpi-cards")
        for (const k of ["traceability_rate", "lot_accuracy_rate", "inventory_accuracy_rate", "expiration_loss", "recall_time"]) {
          await testId(`kpi-${k}`).waitFor({ timeout: STEP_MS })
        }
        // One order of 3 units shipped with lots: traceability 100 %.
        await testId("kpi-traceability_rate").getByText("100.0 %").waitFor({ timeout: STEP_MS })
        await testId("kpi-traceability_rate").getByTestId("kpi-info").hover()
        await page.getByRole("tooltip").getByText("shipped", { exact: false }).first().waitFor({ timeout: STEP_MS })
        await ctx.shot("kpis")
      },
    },
    {
      name: "open a recall of the shipped lot, notify the customer, download the CSV",
      async run() {
        const { order, shippedLot } = ctx.data
        await open(`/lots/${shippedLot.lot_id}`, "lot-actions")
        await testId("lot-actions").click()
        await page.getByRole("menuitem", { name: "Start a recall" }).click()
        await testId("new-recall-modal").waitFor({ timeout: STEP_MS })
        await testId("recall-selected-lots").getByText(shippedLot.lot_number).waitFor({ timeout: STEP_MS })
        await testId("recall-reason").fill("Supplier reports a preservative dosing error on this batch")
        await page.locator("#recall-public-reason").fill("The preservative level of this batch may be too low.")
        await testId("recall-class").click()
        await page.getByRole("option", { name: /^Class II —/ }).click()
        await scrollModalTop("new-recall-modal")
        await ctx.shot("recall-new", { height: 1100 })
        await testId("recall-submit").click()
        await page.waitForURL(/\/app\/lots\/recalls\/rcl/, { timeout: STEP_MS })
        const notice = testId("notices-table").locator("tr", { hasText: order.email })
        await notice.getByText(`#${order.display_id}`).waitFor({ timeout: STEP_MS })
        await notice.getByText("Pending").waitFor({ timeout: STEP_MS })

        await testId("recall-notify").click()
        await page.getByRole("button", { name: "Send notices" }).click()
        await notice.getByText("Sent").waitFor({ timeout: STEP_MS })

        const [download] = await Promise.all([page.waitForEvent("download", { timeout: STEP_MS }), testId("recall-export").click()])
        const file = path.join(ctx.tmpDir, download.suggestedFilename() || "recall.csv")
        await download.saveAs(file)
        const csv = fs.readFileSync(file, "utf8")
        assert(csv.includes(shippedLot.lot_number), "the recall CSV does not name the lot")
        assert(csv.includes(order.email), "the recall CSV does not name the customer")
        assert(/sent/i.test(csv), "the recall CSV does not carry the notice status")
        ctx.log(`recall CSV ${path.basename(file)}: ${csv.trim().split("\n").length - 1} row(s)`)
        await page.mouse.move(0, 0)
        await ctx.shot("recall-detail", { height: 1250 })

        await testId("recall-close").click()
        await testId("close-recall-drawer").waitFor({ timeout: STEP_MS })
        await page.locator("#outcome-note").fill("Customer notified; stock on hand destroyed.")
        await testId("close-recall-submit").click()
        await testId("recall-general").getByText("Closed").first().waitFor({ timeout: STEP_MS })
        await testId("recall-outcome").waitFor({ timeout: STEP_MS })

        await open("/lots/recalls", "recalls-table")
        await page.getByText(shippedLot.lot_number).first().waitFor({ timeout: STEP_MS })
        await ctx.shot("recalls")
      },
    },
    {
      name: "Reconcile page: drift made in Medusa's own screens listed, the hold repaired, the stock difference kept",
      async run() {
        // What staff might do in Medusa's inventory screens (the admin API, with the dashboard's session):
        // raise vitamin C's hold reservation by 2, and its level by 2 units no lot holds.
        const call = async (method, p, body) => {
          const res = await page.request.fetch(baseUrl + p, { method, data: body, headers: { accept: "application/json" } })
          assert(res.ok(), `${method} ${p} answered ${res.status()}: ${(await res.text()).slice(0, 300)}`)
          return res.json()
        }
        const { inventory_items } = await call("GET", "/admin/inventory-items?sku=VITC-1000-60&fields=id")
        const itemId = inventory_items[0].id
        const { holds } = await call("GET", `/admin/lot-tracking/holds?inventory_item_id=${itemId}`)
        const hold = holds.find((h) => h.reservation_id)
        assert(hold, "vitamin C has no hold (the seed's quarantined lot VC2510C)")
        await call("POST", `/admin/reservations/${hold.reservation_id}`, { quantity: hold.quantity + 2 })
        const { inventory_levels } = await call("GET", `/admin/inventory-items/${itemId}/location-levels?location_id=${hold.location_id}`)
        await call("POST", `/admin/inventory-items/${itemId}/location-levels/${hold.location_id}`, {
          stocked_quantity: Number(inventory_levels[0].stocked_quantity) + 2,
        })

        await open("/lots/reconcile", "drift-section")
        await testId("drift-hold_mismatch").waitFor({ timeout: STEP_MS })
        await testId("drift-stock_mismatch").waitFor({ timeout: STEP_MS })
        await testId("drift-summary").getByText("repairable", { exact: false }).waitFor({ timeout: STEP_MS })
        await page.mouse.move(0, 0)
        await ctx.shot("reconcile")

        await testId("reconcile-repair").click()
        await toastWith("repaired")
        await testId("drift-hold_mismatch").waitFor({ state: "hidden", timeout: STEP_MS })
        await testId("drift-stock_mismatch").waitFor({ timeout: STEP_MS })
        const after = await call("GET", `/admin/lot-tracking/holds?inventory_item_id=${itemId}`)
        const synced = after.holds.find((h) => h.location_id === hold.location_id)
        assert(synced && synced.quantity === hold.quantity, `the hold is ${synced && synced.quantity}, expected ${hold.quantity} again`)
      },
    },
    {
      name: "serials: switch an item's serial numbers on (policy API), seen on its inventory page",
      async run() {
        const { dryer } = ctx.data
        // One run's serials differ from another's (BROWSER_TEST_BASE_URL reuses a database).
        state.serialTag = `HD${Date.now().toString(36).toUpperCase().slice(-4)}`
        await apiCall("POST", `/admin/lot-tracking/policies/${dryer.inventoryItemId}`, {
          tracked: true,
          strategy: "fifo",
          min_shelf_life_days: 0,
          expiry_warning_days: 30,
          require_expiry: false,
          serialized: true,
          serial_pattern: "HD-{YYYY}-{SEQ:5}",
          serial_capture: "required",
          serial_scope: "item",
        })
        await open(`/inventory/${dryer.inventoryItemId}`, "policy-widget")
        await testId("policy-serials").getByText("Serialized").waitFor({ timeout: STEP_MS })
        await testId("edit-policy").click()
        await testId("policy-drawer").waitFor({ timeout: STEP_MS })
        assert((await testId("policy-serialized").getAttribute("data-state")) === "checked", "the policy drawer shows serials off")
        assert((await page.locator("#policy-serial-pattern").inputValue()) === "HD-{YYYY}-{SEQ:5}", "the drawer does not show the serial pattern")
        await ctx.shot("policy-serials")
        await page.keyboard.press("Escape")
        await testId("policy-drawer").waitFor({ state: "hidden", timeout: STEP_MS })
      },
    },
    {
      name: "serials: receive a serialized lot with serials typed, a GS1 unit label scanned (AI 21) and a range",
      async run() {
        assert(state.serialTag, "the item is not serialized")
        const t = state.serialTag
        const made = addDays(ctx.data.today, -5)
        state.serialLot = `${t}-LOT`
        await open("/lots", "lots-table")
        await testId("open-receive").click()
        await testId("receive-lot-modal").waitFor({ timeout: STEP_MS })
        await testId("item-search").fill("DRYER")
        await testId("item-option").filter({ hasText: "DRYER-ION-2000" }).first().click()
        await testId("item-serialized").waitFor({ timeout: STEP_MS })

        const paris = (id) => page.locator(`[data-testid="${id}"][data-location-name="Paris Warehouse"]`)
        const rotterdam = (id) => page.locator(`[data-testid="${id}"][data-location-name="Rotterdam Warehouse"]`)
        // Paris: 3 units, two serials typed (one per line)...
        await paris("qty-input").fill("3")
        await paris("serials-input").fill(`${t}-A-001\n${t}-A-002\n`)
        await paris("receive-serials").getByTestId("serials-count").getByText("2 of 3 serials").waitFor({ timeout: STEP_MS })
        await paris("receive-serials").getByText("1 more serial needed").waitFor({ timeout: STEP_MS })
        // ... the third from the unit's GS1 label: GTIN, production date, lot and serial (AI 21).
        await testId("gs1-scan-input").fill(`(01)03453120000011(11)${yymmdd(made)}(10)${state.serialLot}(21)${t}-A-003`)
        await testId("gs1-scan-input").press("Enter")
        await testId("gs1-serial-note").getByText(`Serial ${t}-A-003 added to Paris Warehouse`).waitFor({ timeout: STEP_MS })
        assert((await page.locator("#lot_number").inputValue()) === state.serialLot, "the scan did not fill the lot number")
        await paris("receive-serials").getByTestId("serials-count").getByText("3 of 3 serials").waitFor({ timeout: STEP_MS })
        // Rotterdam: 2 units named by a range.
        await rotterdam("qty-input").fill("2")
        await rotterdam("serial-from").fill(`${t}-B-0001`)
        await rotterdam("serial-to").fill(`${t}-B-0002`)
        await rotterdam("receive-serials").getByTestId("serials-count").getByText("2 of 2 serials").waitFor({ timeout: STEP_MS })
        await ctx.shot("receive-serials", { height: 1300 })
        await testId("receive-submit").click()
        await testId("receive-lot-modal").waitFor({ state: "hidden", timeout: STEP_MS })
        await toastWith(`Lot ${state.serialLot} received`)
      },
    },
    {
      name: "serials: the lot page lists the lot's serials",
      async run() {
        assert(state.serialLot, "no serialized lot was received")
        const t = state.serialTag
        const { lots } = await apiCall("GET", `/admin/lots?q=${encodeURIComponent(state.serialLot)}&limit=5`)
        const lot = lots.find((l) => l.lot_number === state.serialLot)
        assert(lot, `GET /admin/lots does not find ${state.serialLot}`)
        state.serialLotId = lot.id
        await open(`/lots/${lot.id}`, "lot-serials")
        const table = testId("lot-serials-table")
        for (const serial of [`${t}-A-001`, `${t}-A-002`, `${t}-A-003`, `${t}-B-0001`, `${t}-B-0002`]) {
          await table.locator("tr", { hasText: serial }).getByText("In stock").waitFor({ timeout: STEP_MS })
        }
        await testId("lot-serials").getByText("5 units of this lot").waitFor({ timeout: STEP_MS })
        await ctx.shot("lot-serials", { height: 1300 })
      },
    },
    {
      name: "serials: the Serials page finds serials by prefix and shows one unit's page",
      async run() {
        assert(state.serialLotId, "no serialized lot")
        const t = state.serialTag
        await open("/lots/serials", "serials-table")
        await page.getByPlaceholder("Search serial (exact or prefix)").fill(`${t}-A-00`)
        const rows = testId("serials-table").locator("tbody tr")
        await rows.filter({ hasText: `${t}-A-003` }).waitFor({ timeout: STEP_MS })
        await page.waitForFunction((prefix) => !document.body.innerText.includes(prefix), `${t}-B-`, { timeout: STEP_MS })
        assert((await rows.count()) === 3, `the prefix ${t}-A-00 finds ${await rows.count()} rows, not 3`)
        await ctx.shot("serials")
        await rows.filter({ hasText: `${t}-A-002` }).getByTestId("serial-number-cell").click()
        await page.waitForURL(/\/app\/lots\/serials\/[^/?]+$/, { timeout: STEP_MS })
        await testId("serial-heading").getByText(`${t}-A-002`).waitFor({ timeout: STEP_MS })
        await testId("serial-lot").getByText(state.serialLot).waitFor({ timeout: STEP_MS })
        await testId("serial-history").getByText("Received").first().waitFor({ timeout: STEP_MS })
      },
    },
    {
      name: "serials: scan the serials of an order line in the order widget; the units are reserved for its customer",
      async run() {
        assert(state.serialLotId, "no serialized lot")
        const { dryer, publishableKey } = ctx.data
        const email = `lea.dubois+${Date.now().toString(36)}@lot-tracking.test`
        // Shipped from Paris (the demo's Paris shipping option): the units named are Paris's.
        const order = await ctx.api.placeOrder(publishableKey, { email, items: [{ variant_id: dryer.variantId, quantity: 2 }] })
        const lots = await ctx.api.waitForOrderLots(order.id)
        // Staff pick the units where Medusa reserved the line's stock.
        const locationId = lots.lines[0].allocations.find((a) => a.status === "reserved")?.location_id
        assert(locationId, `the order's line has no reserved lot: ${JSON.stringify(lots)}`)
        const { serials: onShelf } = await apiCall(
          "GET",
          `/admin/serials?lot_id=${state.serialLotId}&location_id=${locationId}&status=in_stock&limit=10`
        )
        assert(onShelf.length >= 2, `fewer than 2 serials in stock where the line is reserved: ${JSON.stringify(onShelf)}`)
        const [first, second] = onShelf.map((s) => s.serial_number).sort()
        state.serialOrder = { id: order.id, display_id: order.display_id, email, locationId, serials: [first, second] }

        await open(`/orders/${order.id}`, "order-lots-widget")
        const widget = testId("order-lots-widget")
        await widget.getByTestId("scan-serials").click()
        await testId("scan-serials-drawer").waitFor({ timeout: STEP_MS })
        // One serial typed, one unit label scanned whole (a scanner ends the code with Enter).
        await testId("scan-serials-input").fill("")
        await testId("scan-serials-input").pressSequentially(`${first}\n(01)03453120000011(10)${state.serialLot}(21)${second}\n`)
        await testId("scan-serials-count").getByText("2 of 2 serials").waitFor({ timeout: STEP_MS })
        await ctx.shot("order-scan-serials")
        await testId("scan-serials-submit").click()
        await testId("scan-serials-drawer").waitFor({ state: "hidden", timeout: STEP_MS })
        for (const serial of [first, second]) {
          await widget.locator(`[data-testid="order-line-serial"][data-serial="${serial}"]`).getByText("Reserved").waitFor({ timeout: STEP_MS })
        }
        await widget.scrollIntoViewIfNeeded()
        await ctx.shot("order-serials")

        // Who has this unit: the Serials page names the order and its customer.
        await open(`/lots/serials?q=${encodeURIComponent(first)}`, "serials-table")
        const row = testId("serials-table").locator("tbody tr", { hasText: first })
        await row.getByText(`#${order.display_id}`).waitFor({ timeout: STEP_MS })
        await row.getByText(email).waitFor({ timeout: STEP_MS })
        await row.getByText("Reserved").waitFor({ timeout: STEP_MS })
        await row.getByTestId("serial-number-cell").click()
        await testId("serial-order").getByText(`#${order.display_id}`).waitFor({ timeout: STEP_MS })
        await testId("serial-customer").getByText(email).waitFor({ timeout: STEP_MS })
        await testId("serial-history").getByText("Reserved for order").waitFor({ timeout: STEP_MS })
        await page.mouse.move(0, 0)
        await ctx.shot("serial-detail")
      },
    },
    {
      name: "serials: write off one unit of the serialized lot by its serial on the lot page",
      async run() {
        assert(state.serialLotId, "no serialized lot")
        const { serials } = await apiCall("GET", `/admin/serials?lot_id=${state.serialLotId}&status=in_stock&limit=1`)
        assert(serials.length, "no unit of the serialized lot is in stock")
        const unit = serials[0]
        const { lot } = await apiCall("GET", `/admin/lots/${state.serialLotId}`)
        const where = lot.stock.find((s) => s.location_id === unit.location_id)
        await open(`/lots/${state.serialLotId}`, "lot-serials")
        await testId(`stock-actions-${where.location_name}`).click()
        await page.getByRole("menuitem", { name: "Write off" }).click()
        await testId("stock-action-drawer").waitFor({ timeout: STEP_MS })
        await testId("stock-out-serials-input").fill(`${unit.serial_number}\n`)
        const n = where.available_quantity
        await testId("stock-out-serials-count").getByText(`1 of ${n} serial${n === 1 ? "" : "s"}`).waitFor({ timeout: STEP_MS })
        await testId("action-submit").click()
        await testId("stock-action-drawer").waitFor({ state: "hidden", timeout: STEP_MS })
        await testId("lot-serials-table")
          .locator("tr", { hasText: unit.serial_number })
          .getByText("Written off")
          .waitFor({ timeout: STEP_MS })
        await testId("lot-ledger").getByText("Written off").first().waitFor({ timeout: STEP_MS })
      },
    },
    {
      name: "serials: name the units of a return by serial in the return widget, one back in good order, one damaged",
      async run() {
        assert(state.serialOrder, "no order of the serialized item")
        const { serialOrder } = state
        const [good, damaged] = serialOrder.serials
        // The order ships the two units scanned for it (Medusa's route), then comes back: a return of both
        // units, received, one in good order and one damaged (Medusa's admin return flow, not confirmed).
        await ctx.api.fulfilOrder(serialOrder.id, await ctx.api.waitForOrderLots(serialOrder.id))
        const { order_lots } = await apiCall("GET", `/admin/orders/${serialOrder.id}/lots`)
        const line = order_lots.lines[0]
        assert(
          line.serials.filter((s) => s.status === "shipped").length === 2,
          `the order did not ship its two serials: ${JSON.stringify(line.serials)}`
        )
        const { return: ret } = await apiCall("POST", "/admin/returns", { order_id: serialOrder.id, location_id: serialOrder.locationId })
        await apiCall("POST", `/admin/returns/${ret.id}/request-items`, { items: [{ id: line.line_item_id, quantity: 2 }] })
        await apiCall("POST", `/admin/returns/${ret.id}/request`, {})
        await apiCall("POST", `/admin/returns/${ret.id}/receive`, {})
        await apiCall("POST", `/admin/returns/${ret.id}/receive-items`, { items: [{ id: line.line_item_id, quantity: 1 }] })
        await apiCall("POST", `/admin/returns/${ret.id}/dismiss-items`, { items: [{ id: line.line_item_id, quantity: 1 }] })

        await open(`/orders/${serialOrder.id}`, "return-lots-widget")
        const card = testId("return-lots-widget").locator(`[data-return-id="${ret.id}"]`)
        await card.getByTestId("name-return-lots").getByText("Name serials").waitFor({ timeout: STEP_MS })
        await card.getByTestId("name-return-lots").click()
        const drawer = testId("return-lots-drawer")
        const item = drawer.locator('[data-testid="return-lots-item"][data-serialized="true"]')
        await item.waitFor({ timeout: STEP_MS })
        // A damaged unit was received: its list is on.
        assert((await item.getByTestId("return-damaged-toggle").getAttribute("data-state")) === "checked", "the damaged list is off")

        // A serial the plugin does not know: the API's refusal shows under the list that names it.
        const unknown = `${state.serialTag}-NOPE-1`
        await item.getByTestId("return-serials-input").fill(`${unknown}\n`)
        await testId("return-lots-submit").click()
        await item.getByTestId("error-return-serials").getByText(`Serial ${unknown} is not a known serial`).waitFor({ timeout: STEP_MS })

        // The units as staff name them: picked from the serials the line shipped (the list focused last gets it).
        await item.getByTestId("return-serials-input").fill("")
        await item.locator(`[data-testid="return-shipped-serial"][data-serial="${good}"]`).click()
        await item.getByTestId("return-damaged-serials-input").click()
        await item.locator(`[data-testid="return-shipped-serial"][data-serial="${damaged}"]`).click()
        assert((await item.getByTestId("return-serials-input").inputValue()).trim() === good, "the good unit is not in its list")
        assert((await item.getByTestId("return-damaged-serials-input").inputValue()).trim() === damaged, "the damaged unit is not in its list")
        await item.getByTestId("return-serials-count").getByText("1 of 1 serial").waitFor({ timeout: STEP_MS })
        await item.getByTestId("return-damaged-serials-count").getByText("1 of 1 serial").waitFor({ timeout: STEP_MS })
        await ctx.shot("return-name-serials")
        await testId("return-lots-submit").click()
        await drawer.waitFor({ state: "hidden", timeout: STEP_MS })
        await card.getByTestId("return-named").getByText(`${state.serialLot} × 1 damaged`).waitFor({ timeout: STEP_MS })

        // Confirming the receipt restocks the good unit and keeps the damaged one apart.
        await apiCall("POST", `/admin/returns/${ret.id}/receive/confirm`, {})
        const statusOf = async (serial) => (await apiCall("GET", `/admin/serials?q=${encodeURIComponent(serial)}`)).serials.find((s) => s.serial_number === serial)?.status
        const deadline = Date.now() + STEP_MS
        while ((await statusOf(damaged)) !== "returned" || (await statusOf(good)) !== "in_stock") {
          assert(Date.now() < deadline, `the return did not restock ${good} (${await statusOf(good)}) and keep ${damaged} apart (${await statusOf(damaged)})`)
          await page.waitForTimeout(300)
        }
        await open(`/lots/serials?q=${encodeURIComponent(damaged)}`, "serials-table")
        await testId("serials-table").locator("tbody tr", { hasText: damaged }).getByText("Returned damaged").waitFor({ timeout: STEP_MS })
        state.restocked = good
      },
    },
    {
      name: "serials: open a recall by serial in the New recall modal; the units and the customer are on the recall page",
      async run() {
        assert(state.serialLotId, "no serialized lot")
        const { dryer, publishableKey } = ctx.data
        // A unit out with a customer: one more order of the dryer, its unit scanned and shipped (the admin API).
        const email = `noah.bernard+${Date.now().toString(36)}@lot-tracking.test`
        const order = await ctx.api.placeOrder(publishableKey, { email, items: [{ variant_id: dryer.variantId, quantity: 1 }] })
        const lots = await ctx.api.waitForOrderLots(order.id)
        const line = lots.lines[0]
        const locationId = line.allocations.find((a) => a.status === "reserved")?.location_id
        assert(locationId, `the order's line has no reserved lot: ${JSON.stringify(lots)}`)
        const { serials: there } = await apiCall("GET", `/admin/serials?lot_id=${state.serialLotId}&location_id=${locationId}&status=in_stock&limit=10`)
        assert(there.length, `no unit in stock where the order is reserved: ${locationId}`)
        const shipped = there[0].serial_number
        await apiCall("POST", `/admin/orders/${order.id}/lots`, { line_item_id: line.line_item_id, serial_numbers: [shipped] })
        await ctx.api.fulfilOrder(order.id, await ctx.api.waitForOrderLots(order.id))
        // And a unit still on the shelf, if any is left.
        const { serials: shelf } = await apiCall("GET", `/admin/serials?lot_id=${state.serialLotId}&status=in_stock&limit=10`)
        const inStock = shelf.map((s) => s.serial_number).find((n) => n !== shipped)
        const recalled = [shipped, ...(inStock ? [inStock] : [])]

        await open("/lots/recalls", "recalls-table")
        await testId("open-new-recall").click()
        await testId("new-recall-modal").waitFor({ timeout: STEP_MS })
        await testId("recall-mode-serials").click()
        // One typed, one unit label scanned whole (GS1 AI 21), one per line.
        const label = (serial) => `(01)03453120000011(10)${state.serialLot}(21)${serial}`
        await testId("recall-serials-input").fill(`${shipped}\n${inStock ? `${label(inStock)}\n` : ""}`)
        await testId("recall-serials-count").getByText(`${recalled.length} serial${recalled.length === 1 ? "" : "s"}`).waitFor({ timeout: STEP_MS })
        await testId("recall-reason").fill("Browser test: a faulty heating element in some units")
        await ctx.shot("recall-new-serials", { height: 1100 })
        await testId("recall-submit").click()
        await page.waitForURL(/\/app\/lots\/recalls\/rcl/, { timeout: STEP_MS })

        const units = testId("recall-serials-table")
        for (const serial of recalled) {
          await units.locator(`[data-testid="recall-serial-link"][data-serial="${serial}"]`).waitFor({ timeout: STEP_MS })
        }
        await testId("recall-unit-count").getByText(String(recalled.length)).waitFor({ timeout: STEP_MS })
        const notice = testId("notices-table").locator("tr", { hasText: email })
        await notice.getByText(`#${order.display_id}`).waitFor({ timeout: STEP_MS })
        await notice.getByTestId("notice-serials").getByText(shipped, { exact: false }).waitFor({ timeout: STEP_MS })
        await page.mouse.move(0, 0)
        await ctx.shot("recall-serials", { height: 1250 })

        // Each unit opens its own page.
        await units.locator(`[data-testid="recall-serial-link"][data-serial="${shipped}"]`).click()
        await page.waitForURL(/\/app\/lots\/serials\/[^/?]+$/, { timeout: STEP_MS })
        await testId("serial-heading").getByText(shipped).waitFor({ timeout: STEP_MS })

        await open("/lots/recalls", "recalls-table")
        await testId("recalls-table").getByTestId("recall-serial-count").getByText(`${recalled.length} unit`, { exact: false }).first().waitFor({ timeout: STEP_MS })
      },
    },
  ]
}

module.exports = { steps, ADMIN_EMAIL, ADMIN_PASSWORD }
