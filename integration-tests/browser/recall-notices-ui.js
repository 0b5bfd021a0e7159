"use strict"
/**
 * Recall notices in the browser (run by integration-tests/browser/run.js after
 * admin-ui.js's steps, logged in already): a recall with two customers,
 * "Notify customers", one notice resent, the customer's acknowledgement page
 * opened from the notice's link and answered "I returned it", and the
 * recall's effectiveness moving on the admin page.
 */

const STEP_MS = 30_000

function assert(cond, message) {
  if (!cond) throw new Error(message)
}

function steps(ctx) {
  const { page, baseUrl } = ctx
  const testId = (id) => page.getByTestId(id)
  const state = {}

  async function open(p, readyTestId) {
    await page.goto(baseUrl + "/app" + p, { waitUntil: "domcontentloaded", timeout: 60_000 })
    if (readyTestId) await testId(readyTestId).first().waitFor({ state: "visible", timeout: 60_000 })
  }

  /** The notice row of a customer in the recall's notices table. */
  const noticeRow = (email) => testId("notices-table").locator("tr", { hasText: email })

  return [
    {
      name: "recall notices: a recall with two customers (API), notified from the admin; statuses shown per notice",
      async run() {
        const { api, data } = ctx
        const tag = Date.now().toString(36)
        const balm = await api.ensureProduct({ handle: "calendula-lip-balm", title: "Calendula Lip Balm 10 g", sku: "BALM-CALENDULA-10", price: 7 })
        const expires = new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10)
        const { lot } = await api.admin("POST", "/admin/lots", {
          inventory_item_id: balm.inventoryItemId,
          lot_number: `BALM-${tag.toUpperCase()}`,
          expires_at: expires,
          receive: [{ location_id: data.oil.parisId, quantity: 20 }],
        })
        state.customers = [`lea.moreau+${tag}@lot-tracking.test`, `tom.berger+${tag}@lot-tracking.test`]
        for (const email of state.customers) {
          const order = await api.placeOrder(data.publishableKey, { email, items: [{ variant_id: balm.variantId, quantity: 2 }] })
          await api.fulfilOrder(order.id, await api.waitForOrderLots(order.id))
        }
        const opened = await api.admin("POST", "/admin/recalls", {
          lot_ids: [lot.id],
          reason: "Browser test: supplier reports a contaminated wax batch",
          public_reason: "The wax of this batch may be contaminated. Do not use it.",
        })
        state.recall = opened.recall
        ctx.log(`recall ${state.recall.reference} of lot ${lot.lot_number}: ${opened.notices.length} notices`)

        await open(`/lots/recalls/${state.recall.id}`, "notices-table")
        for (const email of state.customers) {
          await noticeRow(email).getByText("Pending").waitFor({ timeout: STEP_MS })
        }
        await testId("recall-notify").click()
        await page.getByRole("button", { name: "Send notices" }).click()
        for (const email of state.customers) {
          await noticeRow(email).getByText("Sent").waitFor({ timeout: STEP_MS })
        }
        const effectiveness = await testId("recall-effectiveness").innerText()
        assert(/0%\s*\(0 \/ 2\)/.test(effectiveness), `the effectiveness before any answer reads ${effectiveness}`)
      },
    },
    {
      name: "recall notices: resend one notice, then the customer answers on the acknowledgement page and the effectiveness moves",
      async run() {
        const [lea] = state.customers
        await open(`/lots/recalls/${state.recall.id}`, "notices-table")
        await noticeRow(lea).getByTestId("notice-resend").click()
        await page.getByText("Notice sent again").first().waitFor({ timeout: STEP_MS })

        // The customer's link (public_url may name another host than this test server: keep its path).
        const link = await noticeRow(lea).getByTestId("notice-copy-link").getAttribute("data-url")
        assert(link && /\/lot-recall\/[A-Za-z0-9_-]{32}$/.test(link), `the notice's acknowledgement link is ${link}`)
        const customerPage = await page.context().newPage()
        try {
          await customerPage.setViewportSize({ width: 390, height: 844 })
          await customerPage.goto(baseUrl + new URL(link).pathname, { waitUntil: "domcontentloaded" })
          await customerPage.getByText(state.recall.reference).first().waitFor({ timeout: STEP_MS })
          await customerPage.getByText("The wax of this batch may be contaminated").waitFor({ timeout: STEP_MS })
          const html = await customerPage.content()
          assert(!html.includes("supplier reports"), "the customer's page shows the internal reason")
          assert(!html.includes(state.customers[1]), "the customer's page shows another customer")
          await customerPage.getByRole("button", { name: "I returned it" }).click()
          await customerPage.getByRole("status").getByText("we recorded that you returned the products").waitFor({ timeout: STEP_MS })
          await customerPage.screenshot({ path: require("path").join(ctx.tmpDir, "screenshots", "recall-acknowledgement.png") })
        } finally {
          await customerPage.close()
        }

        await open(`/lots/recalls/${state.recall.id}`, "notices-table")
        await noticeRow(lea).getByTestId("notice-acknowledgement").getByText("Returned").waitFor({ timeout: STEP_MS })
        await noticeRow(lea).getByText("Acknowledged").waitFor({ timeout: STEP_MS })
        await testId("recall-effectiveness").getByText("50% (1 / 2)").waitFor({ timeout: STEP_MS })
        await ctx.shot("recall-notices", { height: 1250 })
      },
    },
  ]
}

module.exports = { steps }
