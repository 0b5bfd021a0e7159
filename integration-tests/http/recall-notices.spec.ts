import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { daysFromToday, expectInvariant, receiveLot, seedLotTestStore } from "../helpers/fixtures"
import { createCustomerSession, fulfillOrder, placeOrder } from "../helpers/orders"
import { waitFor } from "../helpers/race"
import type { DemoStore } from "../../src/scripts/demo/store"

jest.setTimeout(240 * 1000)

function knex(container: MedusaContainer) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
}

/** What a notice call could change: the notices, the recalls' notified time, the notifications. */
async function noticeState(container: MedusaContainer) {
  const { rows } = await knex(container).raw(`
    SELECT
      (SELECT json_agg(json_build_object('id', id, 's', status, 'a', send_attempts, 'e', last_error, 'n', notified_at, 'k', acknowledgement, 'ka', acknowledged_at) ORDER BY id) FROM recall_notice) AS notices,
      (SELECT json_agg(json_build_object('id', id, 'n', all_notified_at, 's', status) ORDER BY id) FROM recall) AS recalls,
      (SELECT count(*)::int FROM notification) AS notifications
  `)
  return rows[0]
}

const tokenOf = (notice: { acknowledgement_url: string }) => notice.acknowledgement_url.split("/").pop()!

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let store: DemoStore
    let admin: Record<string, string>
    let paris: { id: string }
    let shampoo: DemoStore["products"][number]

    beforeEach(async () => {
      const seeded = await seedLotTestStore(getContainer())
      ;({ store, admin, paris } = seeded)
      shampoo = seeded.product("SHAMPOO-ARGAN-250")
    })

    const get = (url: string, headers: Record<string, string> = admin) => api.get(url, { headers }).catch((e) => e.response)
    const post = (url: string, body: unknown, headers: Record<string, string> = admin) => api.post(url, body, { headers }).catch((e) => e.response)
    const storeHeaders = () => ({ "x-publishable-api-key": store.publishableKey })

    async function receive(lot_number: string, quantity: number) {
      return receiveLot(getContainer(), {
        inventory_item_id: shampoo.inventoryItemId,
        lot_number,
        expires_in_days: 300,
        manufactured_at: daysFromToday(-20),
        location_id: paris.id,
        quantity,
      })
    }

    /** An order of `quantity` units placed through the store API, allocated, then fulfilled from Paris. */
    async function shippedOrder(quantity: number, customerHeaders?: Record<string, string>) {
      const order = await placeOrder(api, store, { items: [{ variant_id: shampoo.variantId, quantity }], customerHeaders })
      await waitFor(async () => {
        const res = await get(`/admin/orders/${order.id}/lots`)
        return res.data.order_lots.lines[0].reserved_quantity > 0
      }, "the order's lots")
      const res = await fulfillOrder(api, admin, order.id, { items: [{ id: order.items[0].id, quantity }], location_id: paris.id })
      expect(res.status).toEqual(200)
      return order
    }

    const customer = (email: string, first_name: string) =>
      createCustomerSession(api, store.publishableKey, { email, first_name, last_name: "Test" })

    const detailOf = async (recallId: string) => {
      const res = await get(`/admin/recalls/${recallId}`)
      expect(res.status).toEqual(200)
      return res.data
    }
    const noticeOf = (detail: any, orderId: string) => detail.notices.find((n: any) => n.order_id === orderId)

    describe("sending", () => {
      it("sends pending notices only; in a mixed batch the good sends are recorded as sent; a failed one waits for a resend; customers without email are unreachable with their phone", async () => {
        const container = getContainer()
        const lot = await receive("SH-N1", 20)
        const camille = await customer("camille@lot-tracking.test", "Camille")
        const bruno = await customer("bruno@lot-tracking.test", "Bruno")
        const one = await shippedOrder(3, camille.headers)
        const two = await shippedOrder(2, bruno.headers)
        // An order that came without an email (as marketplace orders do): the guest customer and the order lose it.
        const three = await shippedOrder(1)
        await knex(container).raw(`UPDATE customer SET email = NULL WHERE id = (SELECT customer_id FROM "order" WHERE id = ?)`, [three.id])
        await knex(container).raw(`UPDATE "order" SET email = NULL WHERE id = ?`, [three.id])

        const opened = await post("/admin/recalls", { lot_ids: [lot.id], reason: "Internal: supplier audit finding 17", public_reason: "Do not use; return for a refund" })
        expect(opened.status).toEqual(201)
        const recall = opened.data.recall
        let detail = await detailOf(recall.id)
        // No email: unreachable from the start, shown with the phone of the shipping address.
        expect(noticeOf(detail, three.id)).toEqual(expect.objectContaining({ status: "unreachable", email: null, phone: "+33100000000" }))
        expect(detail.recall.summary.notices).toEqual(expect.objectContaining({ notice_count: 3, pending: 2, unreachable: 1, void: 0, without_email: 1 }))
        for (const n of detail.notices) {
          expect(n.acknowledgement_url).toMatch(/^http:\/\/localhost:9000\/lot-recall\/[A-Za-z0-9_-]{32}$/)
          expect(n).toEqual(expect.objectContaining({ acknowledgement: null, acknowledged_at: null, send_attempts: 0, last_error: null }))
          expect(n).not.toHaveProperty("acknowledgement_token")
        }
        expect(new Set(detail.notices.map(tokenOf)).size).toEqual(3)

        // Bruno's mailbox refuses the email; Camille's goes out in the same batch.
        const notifications = container.resolve(Modules.NOTIFICATION) as any
        const providers = notifications.notificationProviderService_
        const realSend = providers.send.bind(providers)
        const spy = jest.spyOn(providers, "send").mockImplementation(async (provider: any, data: any) => {
          if (data.to === "bruno@lot-tracking.test") {
            throw new Error("550 mailbox unavailable")
          }
          return realSend(provider, data)
        })
        const first = await post(`/admin/recalls/${recall.id}/notify`, {})
        spy.mockRestore()
        expect(first.status).toEqual(200)
        expect(first.data.notification).toEqual({
          recall_id: recall.id,
          total: 3,
          sent: 1,
          failed: 1,
          failed_earlier: 0,
          already_sent: 0,
          unreachable: 1,
          without_email: 1,
          all_notified_at: null,
        })
        detail = await detailOf(recall.id)
        const camilleNotice = noticeOf(detail, one.id)
        expect(camilleNotice).toEqual(expect.objectContaining({ status: "sent", send_attempts: 1, last_error: null, notified_at: expect.any(String) }))
        expect(noticeOf(detail, two.id)).toEqual(
          expect.objectContaining({ status: "failed", send_attempts: 1, notified_at: null, last_error: expect.stringContaining("550 mailbox unavailable") })
        )
        expect(noticeOf(detail, three.id).status).toEqual("unreachable")
        expect(detail.recall.all_notified_at).toBeNull()

        // The email carries the customer's link and its token, never the internal reason.
        const [sentRecord] = await notifications.listNotifications({ idempotency_key: [camilleNotice.id] })
        expect(sentRecord).toEqual(expect.objectContaining({ to: "camille@lot-tracking.test", status: "success", template: "lot-recall-notice" }))
        expect(sentRecord.data.acknowledgement).toEqual({ token: tokenOf(camilleNotice), url: camilleNotice.acknowledgement_url })
        expect(sentRecord.data.recall.public_reason).toEqual("Do not use; return for a refund")
        expect(JSON.stringify(sentRecord.data)).not.toContain("supplier audit")

        // Notify again: nothing is pending, the failed notice is not retried (it needs a resend).
        let before = await noticeState(container)
        const again = await post(`/admin/recalls/${recall.id}/notify`, {})
        expect(again.data.notification).toEqual(expect.objectContaining({ sent: 0, failed: 0, failed_earlier: 1, already_sent: 1, unreachable: 1 }))
        expect(await noticeState(container)).toEqual(before)

        // Refused resends change nothing: unknown recall or notice, another recall's notice, no email, bad body.
        const otherLot = await receive("SH-N2", 5)
        await shippedOrder(1, camille.headers)
        const other = await post("/admin/recalls", { lot_ids: [otherLot.id], reason: "other" })
        const otherNotice = other.data.notices[0]
        before = await noticeState(container)
        const unreachable = noticeOf(detail, three.id)
        for (const [url, body, status, message] of [
          [`/admin/recalls/rcl_nope/notices/${unreachable.id}/resend`, {}, 404, "Recall rcl_nope was not found"],
          [`/admin/recalls/${recall.id}/notices/rclntc_nope/resend`, {}, 404, `Notice rclntc_nope was not found on recall ${recall.reference}`],
          [`/admin/recalls/${recall.id}/notices/${otherNotice.id}/resend`, {}, 404, `Notice ${otherNotice.id} was not found on recall ${recall.reference}`],
          [
            `/admin/recalls/${recall.id}/notices/${unreachable.id}/resend`,
            {},
            409,
            `The customer of this notice of recall ${recall.reference} has no email address: contact them by phone or post`,
          ],
          [`/admin/recalls/${recall.id}/notices/${camilleNotice.id}/resend`, { to: "x@y.test" }, 400, "Invalid request: Unrecognized fields: 'to'"],
        ] as const) {
          const res = await post(url, body)
          expect([url, res.status, res.data.message]).toEqual([url, status, message])
          expect(await noticeState(container)).toEqual(before)
        }

        // Resending Bruno's: a new notification (its own key), recorded as sent; now every reachable customer is told.
        const resent = await post(`/admin/recalls/${recall.id}/notices/${noticeOf(detail, two.id).id}/resend`, {})
        expect(resent.status).toEqual(200)
        expect(resent.data).toEqual({
          notice: expect.objectContaining({ id: noticeOf(detail, two.id).id, status: "sent", send_attempts: 2, last_error: null, notified_at: expect.any(String) }),
          sent: true,
          error: null,
          all_notified_at: expect.any(String),
        })
        const brunoRecords = await notifications.listNotifications({ to: "bruno@lot-tracking.test" })
        expect(brunoRecords.map((r: any) => [r.idempotency_key, r.status]).sort()).toEqual([
          [noticeOf(detail, two.id).id, "failure"],
          [`${noticeOf(detail, two.id).id}:2`, "success"],
        ])
        detail = await detailOf(recall.id)
        expect(detail.recall.all_notified_at).toEqual(resent.data.all_notified_at)
        expect(detail.recall.summary.notices).toEqual(expect.objectContaining({ pending: 0, failed: 0, sent: 2, unreachable: 1 }))

        // A sent notice can be resent (the customer lost the email): it keeps its first notification time.
        const resentCamille = await post(`/admin/recalls/${recall.id}/notices/${camilleNotice.id}/resend`, {})
        expect(resentCamille.data.notice).toEqual(expect.objectContaining({ status: "sent", send_attempts: 2, notified_at: camilleNotice.notified_at }))
        expect(resentCamille.data.all_notified_at).toEqual(resent.data.all_notified_at)
        expect(await notifications.listNotifications({ to: "camille@lot-tracking.test" })).toHaveLength(2)

        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })

    describe("acknowledgements", () => {
      it("shows each customer their own notice by its link, records their answer (store API and the plugin's page) and measures the recall's effectiveness", async () => {
        const container = getContainer()
        const lot = await receive("SH-K1", 20)
        const camille = await customer("camille@lot-tracking.test", "Camille")
        const bruno = await customer("bruno@lot-tracking.test", "Bruno")
        const one = await shippedOrder(3, camille.headers)
        const two = await shippedOrder(2, bruno.headers)
        const opened = await post("/admin/recalls", {
          lot_ids: [lot.id],
          reason: "Internal: supplier audit finding 17",
          public_reason: "Do not use <b>now</b>; return for a refund",
          classification: "II",
        })
        const recall = opened.data.recall
        expect((await post(`/admin/recalls/${recall.id}/notify`, {})).data.notification.sent).toEqual(2)
        let detail = await detailOf(recall.id)
        expect(detail.recall.effectiveness).toEqual({ notified: 2, acknowledged: 0, rate: 0, returned: 0, destroyed: 0, kept: 0 })
        const camilleToken = tokenOf(noticeOf(detail, one.id))
        const brunoToken = tokenOf(noticeOf(detail, two.id))

        // The store route needs the publishable key, like every /store route.
        const noKey = await get(`/store/lot-recalls/notices/${camilleToken}`, {})
        expect(noKey.status).toEqual(400)

        // Camille sees her order's lots and the public reason; nothing of Bruno, no contact data, no internal reason.
        const seen = await get(`/store/lot-recalls/notices/${camilleToken}`, storeHeaders())
        expect(seen.status).toEqual(200)
        expect(seen.data.notice).toEqual({
          recall: { reference: recall.reference, classification: "II", public_reason: "Do not use <b>now</b>; return for a refund", opened_at: expect.any(String), status: "open" },
          instructions: expect.stringContaining("Return them to us or destroy them"),
          order: { display_id: one.display_id },
          items: [{ product_title: "Argan Repair Shampoo 250 ml", sku: "SHAMPOO-ARGAN-250", lot_number: "SH-K1", quantity: 3, shipped_at: expect.any(String) }],
          quantity: 3,
          status: "sent",
          acknowledgement: null,
          acknowledged_at: null,
          can_acknowledge: true,
        })
        const text = JSON.stringify(seen.data)
        for (const secret of ["supplier audit", "camille@", "bruno", "+33", "Rivoli", two.id, one.id]) {
          expect(text).not.toContain(secret)
        }

        // Malformed and unknown tokens: the same 404, nothing changes.
        const before = await noticeState(container)
        for (const token of ["abc", "x".repeat(32), `${camilleToken.slice(0, 31)}!`]) {
          for (const res of [
            await get(`/store/lot-recalls/notices/${encodeURIComponent(token)}`, storeHeaders()),
            await post(`/store/lot-recalls/notices/${encodeURIComponent(token)}`, { action: "returned" }, storeHeaders()),
          ]) {
            expect([res.status, res.data.message]).toEqual([404, "This recall notice was not found: check the link in your email"])
          }
        }
        for (const [body, message] of [
          [{ action: "lost" }, "Invalid request: action must be one of returned, destroyed, kept"],
          [{}, "Invalid request: Field 'action' is required"],
          [{ action: "returned", note: "x" }, "Invalid request: Unrecognized fields: 'note'"],
        ] as const) {
          const res = await post(`/store/lot-recalls/notices/${camilleToken}`, body, storeHeaders())
          expect([res.status, res.data.message]).toEqual([400, message])
        }
        expect(await noticeState(container)).toEqual(before)

        // Camille answers "kept", then changes to "returned": the answer changes, the first answer's time stays.
        const kept = await post(`/store/lot-recalls/notices/${camilleToken}`, { action: "kept" }, storeHeaders())
        expect(kept.status).toEqual(200)
        expect(kept.data.notice).toEqual(expect.objectContaining({ status: "acknowledged", acknowledgement: "kept", acknowledged_at: expect.any(String) }))
        const returned = await post(`/store/lot-recalls/notices/${camilleToken}`, { action: "returned" }, storeHeaders())
        expect(returned.data.notice).toEqual(expect.objectContaining({ acknowledgement: "returned", acknowledged_at: kept.data.notice.acknowledged_at }))
        detail = await detailOf(recall.id)
        expect(noticeOf(detail, one.id)).toEqual(expect.objectContaining({ status: "acknowledged", acknowledgement: "returned", acknowledged_at: kept.data.notice.acknowledged_at }))
        expect(noticeOf(detail, two.id)).toEqual(expect.objectContaining({ status: "sent", acknowledgement: null }))
        expect(detail.recall.effectiveness).toEqual({ notified: 2, acknowledged: 1, rate: 0.5, returned: 1, destroyed: 0, kept: 0 })
        // An acknowledged notice is not sent again.
        const resendAcked = await post(`/admin/recalls/${recall.id}/notices/${noticeOf(detail, one.id).id}/resend`, {})
        expect([resendAcked.status, resendAcked.data.message]).toEqual([409, `The customer already answered this notice of recall ${recall.reference}; it is not sent again`])

        // Bruno uses the emailed link: the plugin's own page, no key needed; values are escaped.
        const page = await api.get(`/lot-recall/${brunoToken}`).catch((e) => e.response)
        expect(page.status).toEqual(200)
        expect(page.headers["content-type"]).toMatch(/^text\/html/)
        expect(page.headers["content-security-policy"]).toContain("default-src 'none'")
        expect(page.headers["referrer-policy"]).toEqual("no-referrer")
        expect(page.data).toContain(recall.reference)
        expect(page.data).toContain("Do not use &lt;b&gt;now&lt;/b&gt;; return for a refund")
        expect(page.data).not.toContain("<b>now</b>")
        expect(page.data).toContain("I returned it")
        expect(page.data).toContain("SH-K1")
        for (const secret of ["supplier audit", "camille", "bruno@"]) {
          expect(page.data).not.toContain(secret)
        }
        const answered = await api
          .post(`/lot-recall/${brunoToken}`, "action=destroyed", { headers: { "content-type": "application/x-www-form-urlencoded" } })
          .catch((e) => e.response)
        expect(answered.status).toEqual(200)
        expect(answered.data).toContain("we recorded that you destroyed the products")
        const badAnswer = await api
          .post(`/lot-recall/${brunoToken}`, "action=sold", { headers: { "content-type": "application/x-www-form-urlencoded" } })
          .catch((e) => e.response)
        expect(badAnswer.status).toEqual(400)
        expect(badAnswer.data).toContain("Choose one of the answers")
        const unknownPage = await api.get(`/lot-recall/${"y".repeat(32)}`).catch((e) => e.response)
        expect(unknownPage.status).toEqual(404)
        expect(unknownPage.headers["content-type"]).toMatch(/^text\/html/)

        detail = await detailOf(recall.id)
        expect(noticeOf(detail, two.id)).toEqual(expect.objectContaining({ status: "acknowledged", acknowledgement: "destroyed" }))
        expect(detail.recall.effectiveness).toEqual({ notified: 2, acknowledged: 2, rate: 1, returned: 1, destroyed: 1, kept: 0 })
        expect(detail.recall.summary.notices.by_acknowledgement).toEqual({ returned: 1, destroyed: 1, kept: 0 })
        const list = await get(`/admin/recalls`)
        expect(list.data.recalls[0]).toEqual(expect.objectContaining({ id: recall.id, acknowledged: 2, effectiveness: expect.objectContaining({ rate: 1 }) }))

        await expectInvariant(container, shampoo.inventoryItemId)
      })

      it("refuses answers and resends on a notice voided by canceling the recall (410), and answers on a canceled recall's sent notice (409)", async () => {
        const container = getContainer()
        const lot = await receive("SH-V1", 20)
        const camille = await customer("camille@lot-tracking.test", "Camille")
        const bruno = await customer("bruno@lot-tracking.test", "Bruno")
        const one = await shippedOrder(3, camille.headers)
        const two = await shippedOrder(2, bruno.headers)
        const opened = await post("/admin/recalls", { lot_ids: [lot.id], reason: "opened by mistake" })
        const recall = opened.data.recall
        // Camille's notice goes out; Bruno's is still pending when the recall is canceled.
        let detail = await detailOf(recall.id)
        expect((await post(`/admin/recalls/${recall.id}/notices/${noticeOf(detail, one.id).id}/resend`, {})).data.sent).toEqual(true)
        const canceled = await post(`/admin/recalls/${recall.id}/cancel`, { reason: "wrong lot" })
        expect(canceled.status).toEqual(200)
        detail = await detailOf(recall.id)
        expect(noticeOf(detail, one.id).status).toEqual("sent")
        expect(noticeOf(detail, two.id).status).toEqual("void")
        expect(detail.recall.summary.notices).toEqual(expect.objectContaining({ void: 1, sent: 1 }))

        const before = await noticeState(container)
        const voidToken = tokenOf(noticeOf(detail, two.id))
        const withdrawn = `This recall notice was withdrawn: recall ${recall.reference} was canceled`
        const g = await get(`/store/lot-recalls/notices/${voidToken}`, storeHeaders())
        expect([g.status, g.data.message]).toEqual([410, withdrawn])
        const p = await post(`/store/lot-recalls/notices/${voidToken}`, { action: "returned" }, storeHeaders())
        expect([p.status, p.data.message]).toEqual([410, withdrawn])
        const voidPage = await api.get(`/lot-recall/${voidToken}`).catch((e) => e.response)
        expect(voidPage.status).toEqual(410)
        expect(voidPage.data).toContain(withdrawn)
        const sentOnCanceled = await post(`/store/lot-recalls/notices/${tokenOf(noticeOf(detail, one.id))}`, { action: "returned" }, storeHeaders())
        expect([sentOnCanceled.status, sentOnCanceled.data.message]).toEqual([409, `Recall ${recall.reference} was canceled: there is nothing to do with these products`])
        const resendVoid = await post(`/admin/recalls/${recall.id}/notices/${noticeOf(detail, two.id).id}/resend`, {})
        expect([resendVoid.status, resendVoid.data.message]).toEqual([
          409,
          `This notice of recall ${recall.reference} is void (the recall was canceled before it was sent); it cannot be sent`,
        ])
        const resendSent = await post(`/admin/recalls/${recall.id}/notices/${noticeOf(detail, one.id).id}/resend`, {})
        expect([resendSent.status, resendSent.data.message]).toEqual([400, `Recall ${recall.reference} is canceled; notices are sent while a recall is open`])
        expect(await noticeState(container)).toEqual(before)

        await expectInvariant(container, shampoo.inventoryItemId)
      })
    })
  },
})
