"use strict"
/**
 * The recall lifecycle in the admin: a recall limited to ship dates opened
 * from the New recall modal, its scope and the "Stop before shipping" list
 * on its page, then canceled with a reason and the lot active again.
 * Steps run by integration-tests/browser/run.js after admin-ui.js's (logged in already).
 * Same shape as admin-ui.js: `steps(ctx)` answers [{ name, run }].
 * Screenshots: recall-scope-new.png, recall-stop-before-shipping.png, recall-canceled.png.
 */

const STEP_MS = 30_000

function assert(cond, message) {
  if (!cond) throw new Error(message)
}

const addDays = (iso, n) => new Date(Date.parse(iso + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10)

function steps(ctx) {
  const { page, baseUrl } = ctx
  const url = (p) => baseUrl + "/app" + p
  const testId = (id) => page.getByTestId(id)
  const state = {}

  async function open(p, readyTestId) {
    await page.goto(url(p), { waitUntil: "domcontentloaded", timeout: 60_000 })
    if (readyTestId) await testId(readyTestId).first().waitFor({ state: "visible", timeout: 60_000 })
  }

  /**
   * A lot of its own (a product made for these steps, so no other step's
   * recall holds it), received in Paris, and an order fulfilled from it but
   * not handed to the carrier: the parcel to stop.
   */
  async function setup() {
    const api = ctx.api
    const today = ctx.data.today
    const product = await api.ensureProduct({ handle: "recall-desk-lip-balm", title: "Lip Balm 10 g", sku: "BALM-RD-10", price: 9 })
    const { stock_locations } = await api.admin("GET", "/admin/stock-locations?limit=50&fields=id,name")
    const paris = stock_locations.find((l) => l.name === "Paris Warehouse")
    assert(paris, "the demo location Paris Warehouse is missing (seed?)")
    const lotNumber = `BALM-${Date.now().toString(36).toUpperCase()}`
    const { lot } = await api.admin("POST", "/admin/lots", {
      inventory_item_id: product.inventoryItemId,
      lot_number: lotNumber,
      expires_at: addDays(today, 300),
      receive: [{ location_id: paris.id, quantity: 10 }],
    })
    const order = await api.placeOrder(ctx.data.publishableKey, {
      email: `lea.dubois+${Date.now().toString(36)}@lot-tracking.test`,
      items: [{ variant_id: product.variantId, quantity: 2 }],
    })
    const allocated = await api.waitForOrderLots(order.id)
    await api.fulfilOrder(order.id, allocated)
    ctx.log(`order #${order.display_id} fulfilled 2 units of ${lotNumber}, not shipped`)
    return { lot, order, today }
  }

  return [
    {
      name: "recall desk: open a recall limited to ship dates; its page shows the scope and the parcel to stop before shipping",
      async run() {
        Object.assign(state, await setup())
        const from = addDays(state.today, -7)
        const to = state.today
        await open("/lots/recalls", "recalls-table")
        await testId("open-new-recall").click()
        await testId("new-recall-modal").waitFor({ timeout: STEP_MS })
        await page.locator("#recall-lot-search").fill(state.lot.lot_number)
        const row = page.locator("label", { hasText: state.lot.lot_number }).first()
        await row.waitFor({ timeout: STEP_MS })
        await row.locator('button[role="checkbox"]').click()
        await testId("recall-selected-lots").getByText(state.lot.lot_number).waitFor({ timeout: STEP_MS })
        await testId("recall-scope-locations").waitFor({ timeout: STEP_MS })
        await testId("recall-scope-from").fill(from)
        await testId("recall-scope-to").fill(to)
        await testId("recall-reason").fill("Labels of last week's batch show the wrong allergen list")
        await ctx.shot("recall-scope-new", { height: 1200 })
        await testId("recall-submit").click()
        await page.waitForURL(/\/app\/lots\/recalls\/rcl/, { timeout: STEP_MS })
        state.recallId = page.url().split("/").pop()
        await testId("recall-scope").getByText(`shipped ${from} to ${to}`).waitFor({ timeout: STEP_MS })
        const stop = testId("recall-stop-before-shipping")
        await stop.waitFor({ timeout: STEP_MS })
        const link = stop.getByTestId("stop-before-shipping-order").filter({ hasText: `#${state.order.display_id}` })
        await link.waitFor({ timeout: STEP_MS })
        assert((await link.getAttribute("href")).includes(`/orders/${state.order.id}`), "the parcel to stop does not link to its order")
        await stop.getByText(state.lot.lot_number).first().waitFor({ timeout: STEP_MS })
        const { lot } = await ctx.api.admin("GET", `/admin/lots/${state.lot.id}`)
        assert(lot.status === "recalled", `the lot should be recalled, it is ${lot.status}`)
        await ctx.shot("recall-stop-before-shipping", { height: 1250 })
      },
    },
    {
      name: "recall desk: cancel the recall with a reason; it stays on record as canceled and the lot is active again",
      async run() {
        assert(state.recallId, "no recall from the previous step")
        await open(`/lots/recalls/${state.recallId}`, "recall-general")
        await testId("recall-cancel").click()
        await testId("cancel-recall-drawer").waitFor({ timeout: STEP_MS })
        // The reason is required: submitting without one is refused at the field.
        await testId("cancel-recall-submit").click()
        await page.getByText("Say why the recall is canceled").waitFor({ timeout: STEP_MS })
        await testId("cancel-recall-reason").fill("Opened on the wrong batch: the labels were checked and are right")
        await testId("cancel-recall-submit").click()
        await page.locator('[data-testid="recall-status"][data-status="canceled"]').first().waitFor({ timeout: STEP_MS })
        await testId("recall-canceled").getByText("Opened on the wrong batch").waitFor({ timeout: STEP_MS })
        await testId("recall-lots").getByText("Active").first().waitFor({ timeout: STEP_MS })
        assert(!(await testId("recall-cancel").isVisible()), "a canceled recall still offers Cancel")
        const { lot } = await ctx.api.admin("GET", `/admin/lots/${state.lot.id}`)
        assert(lot.status === "active", `the lot should be active again, it is ${lot.status}`)
        await ctx.shot("recall-canceled", { height: 1100 })
        await open("/lots/recalls", "recalls-table")
        await page.locator('[data-testid="recall-status"][data-status="canceled"]').first().waitFor({ timeout: STEP_MS })
      },
    },
  ]
}

module.exports = { steps }
